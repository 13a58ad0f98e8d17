using Ensemble.Dashboard.Hosting;
using Ensemble.Dashboard.Reading;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Rerun;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// POST /api/jobs/{id}/realisations/{seed}/rerun: recomputes the seed on a silo in a fresh realisation grain (as
/// <c>rerun --on-silo</c> does) and answers whether it reproduced the job's record. Guarded by <see cref="AccessToken"/>.
/// </summary>
public static class RerunEndpoint
{
    public static void Map(IEndpointRouteBuilder app, JobSources sources, DashboardOptions options, ILogger logger)
    {
        var slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentReruns));
        app.MapPost("/api/jobs/{id}/realisations/{seed}/rerun", (string id, string seed, HttpRequest request, CancellationToken cancellation) =>
            ApiErrors.Guard(async () =>
        {
            if (AccessToken.Refusal(request, options) is { } refused) return refused;
            uint index = QueryValues.Seed(seed);
            var job = await sources.OpenAsync(id, cancellation);
            var definition = await job.GetDefinition();
            RealisationRerun.CheckIndex(definition, index, "seed");
            if (!await slots.WaitAsync(0, cancellation))
                return ApiErrors.Error(StatusCodes.Status429TooManyRequests, $"{options.MaxConcurrentReruns} reruns are running; try again shortly", null);
            try
            {
                var recorded = await job.GetRealisation(index);
                // A key of its own, so the rerun never shares an activation with the job's attempts.
                var grain = sources.Grains.GetGrain<IRealisationGrain>($"{id}/{index}/rerun-{Guid.NewGuid():N}");
                var report = await grain.Run(new RealisationAssignment(id, definition.SpecJson, definition.MasterSeed, index, 0), cancellation);
                var (reproduced, explanation) = RealisationRerun.Compare(index, report.Succeeded, report.Checksum, report.FailureReason, recorded);
                string verdict = reproduced switch { true => "reproduced", false => "differs", null => "nothing recorded" };
                return Results.Json(new RerunJson(id, index, verdict, reproduced, explanation, report.Silo, report.Milliseconds), DashboardJson.Options);
            }
            finally
            {
                slots.Release();
            }
        }, logger));
    }
}
