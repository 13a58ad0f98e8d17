using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Limits.Reporting;

namespace Ensemble.Jobs.Checkpoints;

/// <summary>
/// Where a job coordinator keeps its books (per-realisation records and the accumulator). Each
/// store states its own <see cref="Rules"/>; the coordinator follows them without knowing which
/// store it has.
/// </summary>
public interface IJobBookStore
{
    BookStoreRules Rules { get; }

    /// <summary>
    /// Takes the next epoch (generation) of the job for a new coordinator activation, before it
    /// loads or saves anything; checkpoints carry it (<see cref="JobCheckpoint.Epoch"/>), and a
    /// save with an older epoch than the job's latest fails with <see cref="Errors.StoreFailure.Fenced"/>.
    /// A store that needs none (its writes are fenced otherwise, or it is a test's) answers 0.
    /// </summary>
    Task<long> ClaimEpochAsync(string jobId, CancellationToken cancellation) => Task.FromResult(0L);

    /// <summary>The books of a job whose grain state was read (null: none were ever saved).</summary>
    Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation);

    /// <summary>Saves one checkpoint, all or nothing; a failure is a <see cref="Errors.StoreException"/> saying whether to retry.</summary>
    Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation);

    /// <summary>
    /// Records a job failed because the store refuses its checkpoints (status and reason only, fenced
    /// by <paramref name="epoch"/>), so that a reader of the store alone sees why. A store whose
    /// failure is recorded with the grain state anyway does nothing.
    /// </summary>
    Task RecordRefusedJobAsync(string jobId, long epoch, JobSummary summary, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>
    /// Writes a job's solved limit (its moments, densities and diagnostics) in one transaction,
    /// replacing any saved before (a resumed job writes the same tables again), fenced by
    /// <paramref name="epoch"/>. A store without tables for it writes nothing: the coordinator
    /// recomputes the limit from the spec when asked (the solve is deterministic).
    /// </summary>
    Task SaveLimitAsync(string jobId, long epoch, LimitTables limit, CancellationToken cancellation) => Task.CompletedTask;
}

/// <summary>What a store asks of the coordinator that checkpoints into it.</summary>
public sealed record BookStoreRules
{
    /// <summary>
    /// How many realisations may be computed and not yet saved before they take slots of the
    /// dispatch window; null for any number. A store that outlives the cluster says 0, so that a
    /// restart of the whole cluster recomputes at most the window; one whose books die with the
    /// cluster need not hold dispatch back.
    /// </summary>
    public int? UnsavedAllowance { get; init; }

    /// <summary>How often a checkpoint carries the estimates as rows (null: never; they can always be recomputed from the accumulator).</summary>
    public TimeSpan? EstimatesInterval { get; init; }

    /// <summary>
    /// The books ride in the coordinator's grain state, so grain state is written at every
    /// checkpoint; otherwise only when the job's <see cref="Contracts.JobSummary"/> changed, and
    /// only after the store has saved (grain state is never ahead of the books).
    /// </summary>
    public bool BooksInGrainState { get; init; }
}
