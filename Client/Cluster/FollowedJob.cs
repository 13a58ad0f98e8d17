using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Cluster;

/// <summary>A job followed through faults (see <see cref="FollowedCluster"/>): its status is asked until its coordinator answers.</summary>
public sealed class FollowedJob : IAsyncDisposable
{
    private readonly FollowedCluster _cluster;
    private readonly string _jobId;

    private FollowedJob(FollowedCluster cluster, string jobId) => (_cluster, _jobId) = (cluster, jobId);

    public TimeSpan GiveUpAfter => _cluster.GiveUpAfter;

    /// <summary>The coordinator over the current connection.</summary>
    public IJobGrain Grain => _cluster.Client.GetGrain<IJobGrain>(_jobId);

    public static async Task<FollowedJob> ConnectAsync(ClusterTarget target, string jobId, TimeSpan giveUpAfter, CancellationToken cancellation) =>
        new(await FollowedCluster.ConnectAsync(target, giveUpAfter, cancellation), jobId);

    /// <summary>The job's status, riding through lost silos; <paramref name="lost"/> hears how long the coordinator has been silent.</summary>
    public Task<JobStatusReport> StatusAsync(Action<TimeSpan>? lost, CancellationToken cancellation) =>
        _cluster.CallAsync(client => client.GetGrain<IJobGrain>(_jobId).GetStatus(), $"job {_jobId}'s coordinator",
            "the job itself may still be running", lost, cancellation);

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
