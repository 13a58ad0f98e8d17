using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Storage.Jobs;

namespace Ensemble.Client.Cluster;

/// <summary>A job's status and whether a live coordinator gave it (false: read from the database, as of its last checkpoint).</summary>
public sealed record JobStatusReading(JobStatusReport Status, bool Live);

/// <summary>
/// Where <c>status</c> gets its answer. With a database: the saved status; a job that had not
/// finished there is asked of its coordinator too (which comes back on a live silo if it was
/// away), so the answer is live whenever a silo is, and says so when none is. Without one: the
/// coordinator.
/// </summary>
public static class JobStatusSource
{
    private static readonly TimeSpan ProbePatience = TimeSpan.FromSeconds(10);

    public static async Task<JobStatusReading> ReadAsync(ClusterTarget target, string jobId, CancellationToken cancellation)
    {
        if (target.Postgres is not { } postgres)
        {
            await using var connection = await ClusterConnection.ConnectAsync(target, cancellation);
            return new JobStatusReading(await connection.Client.GetGrain<IJobGrain>(jobId).GetStatus(), Live: true);
        }
        await using var reader = PostgresJobArchive.OpenReader(postgres);
        var saved = await reader.StatusAsync(jobId, cancellation);
        if (saved.IsFinished) return new JobStatusReading(saved, Live: false);
        try
        {
            await using var connection = await ClusterConnection.ConnectAsync(target, gateway: null, ProbePatience, cancellation);
            var live = await connection.Client.GetGrain<IJobGrain>(jobId).GetStatus().WaitAsync(ProbePatience, cancellation);
            return new JobStatusReading(live with { LastCheckpointAt = live.LastCheckpointAt ?? saved.LastCheckpointAt }, Live: true);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not Jobs.Errors.EnsembleException or ClusterUnreachableException)
        {
            return new JobStatusReading(saved with { Throughput = 0, EstimatedRemaining = null }, Live: false);
        }
    }
}
