using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;

namespace Ensemble.Jobs.Checkpoints;

/// <summary>The embedded default: the books ride in grain state (memory storage), written whole with it.</summary>
public sealed class GrainStateBookStore : IJobBookStore
{
    public BookStoreRules Rules { get; } = new() { UnsavedAllowance = null, EstimatesInterval = null, BooksInGrainState = true };

    /// <summary>
    /// No epoch is needed: the books are written with the grain state, whose ETag already fences a
    /// stale activation (its write fails with Orleans' InconsistentStateException).
    /// </summary>
    public Task<long> ClaimEpochAsync(string jobId, CancellationToken cancellation) => Task.FromResult(0L);

    public Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation) => Task.FromResult(state.Books);

    public Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation)
    {
        checkpoint.Books.Accumulator = checkpoint.Accumulator;
        checkpoint.Books.Prefix = checkpoint.Prefix?.State;
        checkpoint.State.Books = checkpoint.Books;
        return Task.CompletedTask;
    }
}
