using Ensemble.Grains.Jobs;
using Ensemble.Simulation.Statistics;
using Ensemble.Storage.Jobs;

namespace Ensemble.Grains.Persistence;

/// <summary>
/// Where a job coordinator keeps its books (per-realisation records and the accumulator).
/// The in-memory default keeps them in grain state, written whole with it every checkpoint;
/// PostgreSQL keeps them in the service's tables, so a checkpoint writes only what changed since
/// the last one, and grain state only when the job's status changes.
/// </summary>
public interface IJobBookStore
{
    /// <summary>
    /// True for the database: the books live in their own tables and outlive the cluster. The
    /// coordinator then never lets more than its in-flight window of realisations be computed and
    /// not yet saved, so a restart of the whole cluster recomputes at most that many. False for
    /// the in-memory default, whose books ride in grain state.
    /// </summary>
    bool Durable { get; }

    /// <summary>The books of a job whose grain state was read (null: none were ever saved).</summary>
    Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation);

    /// <summary>Saves one checkpoint: the rows recorded since the last one, the accumulator that counts them, optionally the estimates.</summary>
    Task SaveAsync(JobState state, JobLedger ledger, IReadOnlyList<RealisationRow> rows, string accumulator,
        IReadOnlyList<EstimateRow>? estimates, CancellationToken cancellation);
}

/// <summary>The embedded default: the books ride in grain state (memory storage).</summary>
public sealed class GrainStateBookStore : IJobBookStore
{
    public bool Durable => false;

    public Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation) => Task.FromResult(state.Books);

    public Task SaveAsync(JobState state, JobLedger ledger, IReadOnlyList<RealisationRow> rows, string accumulator,
        IReadOnlyList<EstimateRow>? estimates, CancellationToken cancellation)
    {
        ledger.Books.Accumulator = accumulator;
        state.Books = ledger.Books;
        return Task.CompletedTask;
    }
}
