using System.Runtime.CompilerServices;
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
/// a second); an update is sent when it differs from the last one (or every <see cref="Repeat"/> as a keep-alive), and the
/// stream ends after the update that shows the job finished. Clients watching the same job and filter share one round (<see cref="UpdateCache"/>).
/// </summary>
public static class JobEvents
{
    private static readonly TimeSpan Repeat = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app, JobSources sources, DashboardOptions options, ILogger logger)
    {
        var interval = options.EventInterval < DashboardOptions.MinEventInterval ? DashboardOptions.MinEventInterval : options.EventInterval;
        // Fresh for a little less than the interval, so each client's round finds either one computed in this round or none.
        var cache = new UpdateCache(interval - TimeSpan.FromMilliseconds(100));
        app.MapGet("/api/jobs/{id}/events", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var filter = EstimateFilter.From(request, defaultObservable: "mean");
            var job = await sources.OpenAsync(id, cancellation);
            var first = await UpdateAsync(job, filter); // a bad filter is refused here, before the stream starts
            string key = $"{id}\n{job.Live}\n{filter}";
            return TypedResults.ServerSentEvents(Stream(first, () => cache.GetAsync(key, () => UpdateAsync(job, filter)), interval, logger, cancellation),
                eventType: "update");
        }, logger));
    }

    private static async IAsyncEnumerable<string> Stream(UpdateCache.Update first, Func<Task<UpdateCache.Update>> next, TimeSpan interval,
        ILogger logger, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var last = first;
        var lastSent = DateTime.UtcNow;
        yield return first.Json;
        while (!last.Finished && !cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            var update = await TryAsync(next, logger);
            if (update is null || (update.Json == last.Json && DateTime.UtcNow - lastSent < Repeat)) continue;
            last = update;
            lastSent = DateTime.UtcNow;
            yield return update.Json;
        }
    }

    private static async Task<UpdateCache.Update> UpdateAsync(IJobReading job, EstimateFilter filter)
    {
        var status = await job.GetStatus();
        var estimates = await filter.ReadAsync(job);
        var convergence = ConvergenceJson.From(await job.GetPrefixHistory(), status);
        var progress = JobProgressJson.From(status, job.Live);
        return new(JsonSerializer.Serialize(new JobUpdateJson(progress, estimates, convergence), DashboardJson.Options), progress.Finished);
    }

    private static async Task<UpdateCache.Update?> TryAsync(Func<Task<UpdateCache.Update>> next, ILogger logger)
    {
        try
        {
            return await next();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A silo hand-over in progress: the next round asks again.
            logger.LogDebug(e, "dashboard update failed");
            return null;
        }
    }
}
