using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Limits.Reporting;

namespace Ensemble.Jobs.Reading;

/// <summary>A job as storage holds it: identity, dispatch settings, where it stands and its counts as of its last checkpoint.</summary>
public sealed record StoredJob(JobDefinition Definition, DispatchSettings Dispatch, JobSummary Summary, JobCounts Counts, DateTimeOffset SubmittedAt);

/// <summary>A job's saved accumulator (as JSON) and how many realisations it holds.</summary>
public sealed record StoredAggregate(long Realisations, string Accumulator, DateTimeOffset UpdatedAt);

/// <summary>
/// The read side of durable job storage, in the job layer's own terms (the PostgreSQL tables
/// implement it in Storage). What a checkpoint saved is what these return.
/// </summary>
public interface IJobArchive
{
    Task<StoredJob?> ReadJobAsync(string jobId, CancellationToken cancellation = default);

    /// <summary>All jobs, in submission order.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellation = default);

    /// <summary>Recorded realisations with index in [from, from + count), in index order.</summary>
    Task<IReadOnlyList<RealisationRecord>> ReadRealisationsAsync(string jobId, uint from = 0, int count = int.MaxValue,
        CancellationToken cancellation = default);

    Task<StoredAggregate?> ReadAggregateAsync(string jobId, CancellationToken cancellation = default);

    /// <summary>The job's limit as its start wrote it (<see cref="LimitTables.None"/> when none was: no limit section, or it failed).</summary>
    Task<LimitTables> ReadLimitAsync(string jobId, CancellationToken cancellation = default);

    /// <summary>The job's prefix history (the "se vs R" data) as its last checkpoint saved it; null when none was.</summary>
    Task<PrefixHistory?> ReadPrefixHistoryAsync(string jobId, CancellationToken cancellation = default) => Task.FromResult<PrefixHistory?>(null);
}
