using System.Net;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;

namespace Ensemble.Client.Cluster;

/// <summary>
/// A job followed through faults: when its coordinator (or the gateway) stops answering, because
/// its silo died, the status is asked again with back-off, over a fresh connection to whichever
/// gateway still answers (from the membership table with PostgreSQL, else the gateways the
/// cluster listed while it was reachable), until the coordinator is back on a survivor or
/// <see cref="GiveUpAfter"/> has passed without an answer.
/// </summary>
public sealed class FollowedJob : IAsyncDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan CallPatience = TimeSpan.FromSeconds(10);

    private readonly ClusterTarget _target;
    private readonly string _jobId;
    private ClusterConnection? _connection;
    private IReadOnlyList<IPEndPoint> _gateways = [];

    private FollowedJob(ClusterTarget target, string jobId, TimeSpan giveUpAfter, ClusterConnection connection)
    {
        (_target, _jobId, GiveUpAfter, _connection) = (target, jobId, giveUpAfter, connection);
    }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>The coordinator over the current connection.</summary>
    public IJobGrain Grain => (_connection ?? throw new InvalidOperationException("not connected")).Client.GetGrain<IJobGrain>(_jobId);

    public static async Task<FollowedJob> ConnectAsync(ClusterTarget target, string jobId, TimeSpan giveUpAfter, CancellationToken cancellation)
    {
        var job = new FollowedJob(target, jobId, giveUpAfter, await ClusterConnection.ConnectAsync(target, cancellation));
        await job.LearnGateways();
        return job;
    }

    /// <summary>The job's status, riding through lost silos; <paramref name="lost"/> hears how long the coordinator has been silent.</summary>
    public async Task<JobStatusReport> StatusAsync(Action<TimeSpan>? lost, CancellationToken cancellation)
    {
        DateTime? since = null;
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                if (_connection is null) await Reconnect(cancellation);
                var status = await Grain.GetStatus().WaitAsync(CallPatience, cancellation);
                if (since is not null) await LearnGateways();
                return status;
            }
            catch (Exception e) when (IsFault(e) && !cancellation.IsCancellationRequested)
            {
                since ??= DateTime.UtcNow;
                var silent = DateTime.UtcNow - since.Value;
                if (silent >= GiveUpAfter)
                    throw new EnsembleException(ErrorKind.Unreachable, "cluster",
                        $"no answer from job {_jobId}'s coordinator at {_target} for {Duration.Describe(GiveUpAfter)} ({e.GetBaseException().Message}); " +
                        "gave up following it (the job itself may still be running)");
                lost?.Invoke(silent);
                await Task.Delay(delay, cancellation);
                delay = TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, delay.Ticks * 2));
                await Drop();
            }
        }
    }

    public ValueTask DisposeAsync() => Drop();

    /// <summary>What a lost silo looks like: anything but the service's own answers (an unknown job, a refusal).</summary>
    private static bool IsFault(Exception e) => e is not EnsembleException || e is ClusterUnreachableException;

    private async Task Reconnect(CancellationToken cancellation)
    {
        // With PostgreSQL the membership table lists the gateways; without it, try those the cluster listed, then the one given.
        IPEndPoint?[] candidates = _target.Postgres is null ? [.. _gateways, null] : [null];
        Exception? last = null;
        foreach (var gateway in candidates)
        {
            try
            {
                _connection = await ClusterConnection.ConnectAsync(_target, gateway, CallPatience, cancellation);
                return;
            }
            catch (ClusterUnreachableException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    private async Task LearnGateways()
    {
        if (_target.Postgres is null && _connection is { } connection && await connection.GatewaysAsync() is { Count: > 0 } gateways)
            _gateways = gateways;
    }

    private async ValueTask Drop()
    {
        var connection = _connection;
        _connection = null;
        if (connection is null) return;
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A client whose gateway died may not stop cleanly; it is discarded either way.
        }
    }
}
