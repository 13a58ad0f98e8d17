using System.Runtime.CompilerServices;
using Ensemble.Dashboard.Hosting;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// The throttled stream behind every server-sent "update" endpoint (a job's, a study's): the first update at once, then one
/// query round per interval, an update sent when it differs from the last one (or every <see cref="Repeat"/> as a keep-alive),
/// ending after the update that shows the thing finished. A round that fails (a silo hand-over) is skipped, not fatal.
/// </summary>
public static class UpdateStream
{
    private static readonly TimeSpan Repeat = TimeSpan.FromSeconds(10);

    /// <summary>The configured interval, never below <see cref="DashboardOptions.MinEventInterval"/>.</summary>
    public static TimeSpan Interval(DashboardOptions options) =>
        options.EventInterval < DashboardOptions.MinEventInterval ? DashboardOptions.MinEventInterval : options.EventInterval;

    /// <summary>
    /// A cache shared by the clients of one endpoint: fresh for a little less than the interval, so each client's round finds
    /// either one computed in this round or none.
    /// </summary>
    public static UpdateCache Cache(TimeSpan interval) => new(interval - TimeSpan.FromMilliseconds(100));

    public static async IAsyncEnumerable<string> Stream(UpdateCache.Update first, Func<Task<UpdateCache.Update>> next, TimeSpan interval,
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

    private static async Task<UpdateCache.Update?> TryAsync(Func<Task<UpdateCache.Update>> next, ILogger logger)
    {
        try
        {
            return await next();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "dashboard update failed");
            return null;
        }
    }
}
