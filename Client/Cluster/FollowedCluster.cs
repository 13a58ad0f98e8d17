using System.Net;
using Ensemble.Jobs.Errors;

namespace Ensemble.Client.Cluster;

/// <summary>
/// A connection to a running cluster that rides through faults: when a call finds no answer, because the silo behind
/// it or the gateway died, it is made again with back-off, over a fresh connection to whichever gateway still answers
/// (from the membership table with PostgreSQL, else the gateways the cluster listed while it was reachable), until the
/// call is answered or <see cref="GiveUpAfter"/> has passed without an answer. Without PostgreSQL the gateway list is
/// asked again every few seconds while the cluster answers: a client that connected while a second silo was still joining
/// would otherwise know only the gateway it came in through, and lose the cluster with it.
/// </summary>
public sealed class FollowedCluster : IAsyncDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan CallPatience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GatewayRefresh = TimeSpan.FromSeconds(2);

    private readonly ClusterTarget _target;
    private ClusterConnection? _connection;
    private IReadOnlyList<IPEndPoint> _gateways = [];
    private DateTime _gatewaysAskedAt;

    private FollowedCluster(ClusterTarget target, TimeSpan giveUpAfter, ClusterConnection connection)
    {
        (_target, GiveUpAfter, _connection) = (target, giveUpAfter, connection);
    }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>The client of the current connection.</summary>
    public IClusterClient Client => (_connection ?? throw new InvalidOperationException("not connected")).Client;

    public static async Task<FollowedCluster> ConnectAsync(ClusterTarget target, TimeSpan giveUpAfter, CancellationToken cancellation)
    {
        var cluster = new FollowedCluster(target, giveUpAfter, await ClusterConnection.ConnectAsync(target, cancellation));
        await cluster.LearnGateways();
        return cluster;
    }

    /// <summary>
    /// <paramref name="call"/>'s answer, riding through lost silos; <paramref name="lost"/> hears how long
    /// <paramref name="whom"/> (e.g. "job X's coordinator") has been silent, and the give-up error names it and says what
    /// may still be running (<paramref name="stillRunning"/>).
    /// </summary>
    public async Task<T> CallAsync<T>(Func<IClusterClient, Task<T>> call, string whom, string stillRunning, Action<TimeSpan>? lost,
        CancellationToken cancellation)
    {
        DateTime? since = null;
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                if (_connection is null) await Reconnect(cancellation);
                var answer = await call(Client).WaitAsync(CallPatience, cancellation);
                if (since is not null || DateTime.UtcNow - _gatewaysAskedAt >= GatewayRefresh) await LearnGateways();
                return answer;
            }
            catch (Exception e) when (IsFault(e) && !cancellation.IsCancellationRequested)
            {
                since ??= DateTime.UtcNow;
                var silent = DateTime.UtcNow - since.Value;
                if (silent >= GiveUpAfter)
                    throw new EnsembleException(ErrorKind.Unreachable, "cluster",
                        $"no answer from {whom} at {_target} for {Duration.Describe(GiveUpAfter)} ({e.GetBaseException().Message}); "
                        + $"gave up following it ({stillRunning})");
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
        _gatewaysAskedAt = DateTime.UtcNow;
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
