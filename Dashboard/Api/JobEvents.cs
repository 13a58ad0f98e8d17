using System.Text.Json;
using Ensemble.Dashboard.Hosting;
using Ensemble.Dashboard.Reading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// GET /api/jobs/{id}/events: server-sent "update" events carrying the job's progress, the chosen estimates (default: the
/// means) and the convergence data. One query round per <see cref="DashboardOptions.EventInterval"/> per client (at most two
/// a second); an update is sent when it differs from the last one, and the stream ends after the update that shows the job
/// finished (<see cref="UpdateStream"/>). Clients watching the same job and filter share one round (<see cref="UpdateCache"/>).
/// </summary>
public static class JobEvents
{
    public static void Map(IEndpointRouteBuilder app, JobSources sources, DashboardOptions options, ILogger logger)
    {
        var interval = UpdateStream.Interval(options);
        var cache = UpdateStream.Cache(interval);
        app.MapGet("/api/jobs/{id}/events", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var filter = EstimateFilter.From(request, defaultObservable: "mean");
            var job = await sources.OpenAsync(id, cancellation);
            var first = await UpdateAsync(job, filter); // a bad filter is refused here, before the stream starts
            string key = $"{id}\n{job.Live}\n{filter}";
            var updates = UpdateStream.Stream(first, () => cache.GetAsync(key, () => UpdateAsync(job, filter)), interval, logger, cancellation);
            return TypedResults.ServerSentEvents(updates, eventType: "update");
        }, logger));
    }

    private static async Task<UpdateCache.Update> UpdateAsync(IJobReading job, EstimateFilter filter)
    {
        var status = await job.GetStatus();
        var estimates = await filter.ReadAsync(job);
        var convergence = ConvergenceJson.From(await job.GetPrefixHistory(), status);
        var progress = JobProgressJson.From(status, job.Live);
        return new(JsonSerializer.Serialize(new JobUpdateJson(progress, estimates, convergence), DashboardJson.Options), progress.Finished);
    }
}
