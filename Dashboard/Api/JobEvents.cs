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
/// stream ends after the update that shows the job finished.
/// </summary>
public static class JobEvents
{
    private static readonly TimeSpan Repeat = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app, JobSources sources, DashboardOptions options, ILogger logger)
    {
        var interval = options.EventInterval < DashboardOptions.MinEventInterval ? DashboardOptions.MinEventInterval : options.EventInterval;
        app.MapGet("/api/jobs/{id}/events", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var filter = EstimateFilter.From(request, defaultObservable: "mean");
            var job = await sources.OpenAsync(id, cancellation);
            string first = await UpdateAsync(job, filter); // a bad filter is refused here, before the stream starts
            return TypedResults.ServerSentEvents(Stream(job, filter, first, interval, logger, cancellation), eventType: "update");
        }, logger));
    }

    private static async IAsyncEnumerable<string> Stream(
        IJobReading job, EstimateFilter filter, string first, TimeSpan interval, ILogger logger, [EnumeratorCancellation] CancellationToken cancellation)
    {
        string last = first;
        var lastSent = DateTime.UtcNow;
        yield return first;
        while (!Finished(last) && !cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            string? next = await TryUpdateAsync(job, filter, logger);
            if (next is null || (next == last && DateTime.UtcNow - lastSent < Repeat)) continue;
            last = next;
            lastSent = DateTime.UtcNow;
            yield return next;
        }
    }

    private static async Task<string> UpdateAsync(IJobReading job, EstimateFilter filter)
    {
        var status = await job.GetStatus();
        var estimates = await filter.ReadAsync(job);
        var convergence = ConvergenceJson.From(await job.GetPrefixHistory());
        return JsonSerializer.Serialize(new JobUpdateJson(JobProgressJson.From(status, job.Live), estimates, convergence), DashboardJson.Options);
    }

    private static async Task<string?> TryUpdateAsync(IJobReading job, EstimateFilter filter, ILogger logger)
    {
        try
        {
            return await UpdateAsync(job, filter);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A silo hand-over in progress: the next round asks again.
            logger.LogDebug(e, "dashboard update failed");
            return null;
        }
    }

    private static bool Finished(string update) =>
        JsonDocument.Parse(update).RootElement.GetProperty("progress").GetProperty("finished").GetBoolean();
}
