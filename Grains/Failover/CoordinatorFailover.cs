using Ensemble.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace Ensemble.Grains.Failover;

/// <summary>
/// Brings jobs back as soon as a silo is declared dead, instead of at their next resume-reminder
/// tick (a minute by default): every silo watches the membership, and on each silo newly Dead it
/// pokes every unfinished job (<see cref="IJobGrain.Resume"/>), which activates the coordinator
/// of a job that silo held on a survivor; live coordinators just answer. The reminder stays as
/// the fallback (a whole-cluster restart, a missed update).
/// </summary>
public sealed class CoordinatorFailover(IClusterMembershipService membership, IUnfinishedJobs jobs, IGrainFactory grains,
    ILocalSiloDetails self, ILogger<CoordinatorFailover> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long to keep poking one job while the cluster's directory settles after the death.</summary>
    private static readonly TimeSpan Persistence = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private Task? _watching;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(CoordinatorFailover), ServiceLifecycleStage.Active,
        _ =>
        {
            _watching = Task.Run(() => Watch(_stop.Token), CancellationToken.None);
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stop.CancelAsync();
            if (_watching is { } watching) await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        });

    private async Task Watch(CancellationToken stop)
    {
        var known = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop))
            {
                var died = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(self.SiloAddress)
                        && known.GetSiloStatus(m.SiloAddress) is not (SiloStatus.Dead or SiloStatus.None))
                    .Select(m => m.SiloAddress)
                    .ToArray();
                known = snapshot;
                if (died.Length > 0) _ = Task.Run(() => ResumeJobs(died, stop), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            FailoverLog.WatchStopped(logger, e);
        }
    }

    private async Task ResumeJobs(SiloAddress[] died, CancellationToken stop)
    {
        try
        {
            var unfinished = await jobs.ListAsync(stop);
            FailoverLog.Resuming(logger, string.Join(", ", died.Select(d => d.ToString())), unfinished.Count);
            await Task.WhenAll(unfinished.Select(id => Poke(id, stop)));
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            FailoverLog.NotResumed(logger, e);
        }
    }

    private async Task Poke(string jobId, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + Persistence;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IJobGrain>(jobId).Resume().WaitAsync(TimeSpan.FromSeconds(10), stop);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && DateTime.UtcNow < deadline)
            {
                // The directory may still point at the dead silo for a moment; try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop);
            }
        }
    }
}

internal static partial class FailoverLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Silo(s) {Silos} declared dead: resuming {Jobs} unfinished job(s) now")]
    public static partial void Resuming(ILogger logger, string silos, int jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resume the jobs of a dead silo now; their reminders will")]
    public static partial void NotResumed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped watching the cluster membership; jobs resume at their reminder ticks only")]
    public static partial void WatchStopped(ILogger logger, Exception error);
}
