using Ensemble.Grains.Interfaces;

namespace Ensemble.Client.Cluster;

/// <summary>
/// A study's grain as <c>study SPEC</c> asks it: on this process's embedded silo (nothing to reconnect to; a slow answer
/// means a busy process), or on a running cluster through a <see cref="FollowedCluster"/>, riding through the loss of the
/// grain's silo or of the gateway.
/// </summary>
public sealed class FollowedStudy : IAsyncDisposable
{
    private static readonly TimeSpan EmbeddedPatience = TimeSpan.FromMinutes(10);

    private readonly string _studyId;
    private readonly IClusterClient? _embedded;
    private readonly FollowedCluster? _cluster;

    private FollowedStudy(string studyId, IClusterClient? embedded, FollowedCluster? cluster) =>
        (_studyId, _embedded, _cluster) = (studyId, embedded, cluster);

    /// <summary>How long a silent study grain is waited for (zero for an embedded silo: it is this process).</summary>
    public TimeSpan GiveUpAfter => _cluster?.GiveUpAfter ?? TimeSpan.Zero;

    public static FollowedStudy Embedded(IClusterClient client, string studyId) => new(studyId, client, null);

    public static async Task<FollowedStudy> ConnectAsync(ClusterTarget target, string studyId, TimeSpan giveUpAfter, CancellationToken cancellation) =>
        new(studyId, null, await FollowedCluster.ConnectAsync(target, giveUpAfter, cancellation));

    /// <summary><paramref name="call"/> on the study's grain; <paramref name="lost"/> hears how long the grain has been silent.</summary>
    public Task<T> AskAsync<T>(Func<IStudyGrain, Task<T>> call, Action<TimeSpan>? lost, CancellationToken cancellation) =>
        _cluster is { } cluster
            ? cluster.CallAsync(client => call(client.GetGrain<IStudyGrain>(_studyId)), $"study {_studyId}'s grain",
                "the study's points may still be running", lost, cancellation)
            : call(_embedded!.GetGrain<IStudyGrain>(_studyId)).WaitAsync(EmbeddedPatience, cancellation);

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;
}
