using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Limits.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// GET /api/jobs/{id}/limit-comparison?time=: the particles against their limit at one output time (default the last), as the
/// command line's <c>run</c> prints it (<see cref="ParticleLimitComparison"/>): particle mean and variance next to each PDE's, the
/// weak error with its 95% CI, and the distance, coupling and chaos rows. <see cref="LimitComparisonJson.HasLimit"/> false for a job
/// without a solved limit (with <see cref="LimitComparisonJson.Failure"/> when solving it failed).
/// </summary>
public static class LimitComparisonEndpoint
{
    public static void Map(IEndpointRouteBuilder app, JobSources sources, JobCatalogue catalogue, ILogger logger)
    {
        app.MapGet("/api/jobs/{id}/limit-comparison", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            double? asked = QueryValues.FiniteDouble(request, "time");
            var job = await sources.OpenAsync(id, cancellation);
            var status = await job.GetStatus();
            var limit = await catalogue.LimitAsync(id, job, status.IsFinished);
            var choices = await catalogue.ChoicesAsync(id, job);
            if (!limit.HasLimit) return Results.Json(new LimitComparisonJson(id, false, limit.Failure, null, choices.Times, [], [], []), DashboardJson.Options);
            double time = choices.OutputTime(asked);
            var rows = (await job.GetEstimates(new EstimateQuery { Time = time })).Rows;
            var comparison = ParticleLimitComparison.Of(rows, limit.Tables, time);
            return Results.Json(comparison is null
                ? new LimitComparisonJson(id, true, null, time, choices.Times, [.. limit.Diagnostics.Select(d => d.Equation)], [], [])
                : LimitComparisonJson.From(id, comparison, choices.Times), DashboardJson.Options);
        }, logger));
    }
}

/// <summary>The particles against their limit at <see cref="Time"/>: moment rows, then distance/coupling rows.</summary>
public sealed record LimitComparisonJson(string JobId, bool HasLimit, string? Failure, double? Time, double[] Times, string[] Equations,
    MomentComparisonJson[] Moments, EstimateJson[] Distances)
{
    public static LimitComparisonJson From(string jobId, ParticleLimitComparison c, double[] times) => new(jobId, true, null, c.Time, times,
        [.. c.Equations],
        c.Moments.Select(m => new MomentComparisonJson(m.Particles.Species, m.Quantity, DashboardJson.Finite(m.Particles.Mean),
            DashboardJson.Finite(m.Particles.CiLow), DashboardJson.Finite(m.Particles.CiHigh),
            m.Pde.Select(v => v is { } x ? DashboardJson.Finite(x) : null).ToArray(),
            DashboardJson.Finite(m.WeakError), DashboardJson.Finite(m.WeakErrorLow), DashboardJson.Finite(m.WeakErrorHigh))).ToArray(),
        c.Distances.Select(EstimateJson.From).ToArray());
}

/// <summary>
/// One moment: the particles' estimate with its CI, each equation's value (in <see cref="LimitComparisonJson.Equations"/>' order)
/// and the weak error.
/// </summary>
public sealed record MomentComparisonJson(string Species, string Quantity, double? Particles, double? CiLow, double? CiHigh, double?[] Pde,
    double? WeakError, double? WeakErrorLow, double? WeakErrorHigh);
