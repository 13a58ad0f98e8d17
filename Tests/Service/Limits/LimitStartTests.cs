using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Limits;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Ensemble.Tests.Service.Limits;

/// <summary>
/// The start of a job with a limit, without a cluster: a PDE that cannot be solved fails the job by
/// name and writes nothing; the tables are written once; storage failures are retried, a fence stops.
/// </summary>
public sealed class LimitStartTests
{
    private static readonly CheckpointOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) };

    private static JobDefinition Definition(SimulationSpec spec) => new("limit-start", null, SpecJson.Serialize(spec), 4, 1);

    private static JobLimitStart Start(LimitStore store) => new(store, Fast, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task APdeThatCannotBeSolvedFailsTheJobByNameAndWritesNothing()
    {
        var store = new LimitStore();
        var outcome = await Start(store).RunAsync(Definition(LimitSamples.Unsolvable()), 3,
            () => throw new LimitFailureException(LimitEquation.Local, "not parabolic at t = 0, x = 0.05: eigenvalue -31.4"),
            CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Failed, outcome.Outcome);
        Assert.True(outcome.Unsolvable);
        Assert.Equal("limit: the local equation cannot be solved: not parabolic at t = 0, x = 0.05: eigenvalue -31.4", outcome.Failure);
        Assert.Equal(0, store.Attempts);
    }

    [Fact]
    public async Task TheTablesAreWrittenOnceWithTheActivationsEpoch()
    {
        var store = new LimitStore();
        var tables = LimitSamples.TwoDimensional();
        int solves = 0;
        var outcome = await Start(store).RunAsync(Definition(LimitSamples.Solvable()), 3, () =>
        {
            solves++;
            return Task.FromResult(tables);
        }, CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Ready, outcome.Outcome);
        Assert.Equal(1, solves);
        Assert.Same(tables, Assert.Single(store.Written).Tables);
        Assert.Equal(3, store.Written[0].Epoch);
    }

    [Fact]
    public async Task ASpecWithoutALimitSolvesAndWritesNothing()
    {
        var store = new LimitStore();
        var spec = LimitSamples.Solvable() with { Limit = null };
        var outcome = await Start(store).RunAsync(Definition(spec), 3, () => throw new InvalidOperationException("not asked"), CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Ready, outcome.Outcome);
        Assert.Equal(0, store.Attempts);
    }

    [Fact]
    public async Task TransientFailuresAreRetriedAndPermanentOnesFailTheJobAfterTheCheckpointsAllowance()
    {
        var store = new LimitStore();
        store.Failures.Enqueue(new StoreException(StoreFailure.Transient, "connection lost"));
        store.Failures.Enqueue(new StoreException(StoreFailure.Transient, "server starting"));
        var outcome = await Start(store).RunAsync(Definition(LimitSamples.Solvable()), 1, () => Task.FromResult(LimitSamples.TwoDimensional()),
            CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Ready, outcome.Outcome);
        Assert.Equal(3, store.Attempts);
        Assert.Single(store.Written);

        var refusing = new LimitStore();
        for (int i = 0; i < 5; i++) refusing.Failures.Enqueue(new StoreException(StoreFailure.Permanent, "value too long"));
        var refused = await Start(refusing).RunAsync(Definition(LimitSamples.Solvable()), 1, () => Task.FromResult(LimitSamples.TwoDimensional()),
            CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Failed, refused.Outcome);
        Assert.False(refused.Unsolvable);
        Assert.Equal(Fast.PermanentErrorAttempts, refusing.Attempts);
        Assert.Contains("value too long", refused.Failure);
    }

    [Fact]
    public async Task AFencedWriteStopsTheActivation()
    {
        var store = new LimitStore();
        store.Failures.Enqueue(new StoreException(StoreFailure.Fenced, "newer activation"));
        var outcome = await Start(store).RunAsync(Definition(LimitSamples.Solvable()), 1, () => Task.FromResult(LimitSamples.TwoDimensional()),
            CancellationToken.None);
        Assert.Equal(LimitStartOutcome.Stopped, outcome.Outcome);
        Assert.Empty(store.Written);
    }

    /// <summary>A store that only takes limits: each write fails with the next queued exception, if any.</summary>
    private sealed class LimitStore : IJobBookStore
    {
        public BookStoreRules Rules { get; } = new();
        public Queue<Exception> Failures { get; } = new();
        public List<(long Epoch, LimitTables Tables)> Written { get; } = [];
        public int Attempts { get; private set; }

        public Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation) => Task.FromResult<JobBooks?>(null);

        public Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation) => Task.CompletedTask;

        public Task SaveLimitAsync(string jobId, long epoch, LimitTables limit, CancellationToken cancellation)
        {
            Attempts++;
            if (Failures.TryDequeue(out var failure)) throw failure;
            Written.Add((epoch, limit));
            return Task.CompletedTask;
        }
    }
}
