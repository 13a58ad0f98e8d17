using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// A coordinator with a stop rule that dies mid-prefix (nothing saved after its last checkpoint)
/// and is resumed by a new activation from the store: the prefix is rebuilt from the books and the
/// saved tracker, and the job stops at the same R' with the same bits as an uninterrupted fold; with
/// PostgreSQL the history and R' are then readable with no coordinator at all.
/// </summary>
public sealed class EarlyStopRestartTests(PostgresFixture postgres)
{
    private const int R = 64;
    private const ulong Seed = 7;
    private const int CrashAt = 20;

    [Fact]
    public async Task AResumedCoordinatorStopsAtTheSameRPrimeWithTheSameBitsOnPostgres()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "earlystop");
        var (spec, oracle, expected) = Case();
        var store = new PostgresBookStore(db.Tables);
        var ledger = await CrashThenResume(store, spec, "stop-restart", keepDetails: true);

        Assert.Equal(expected, ledger.Prefix!.StoppedAt);
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(spec, expected, Seed).Estimates(), ledger.Accumulator.Estimates());
        await using var reader = new Ensemble.Jobs.Reading.JobReader(new PostgresJobArchive(db.Tables));
        var status = await reader.StatusAsync("stop-restart", TestContext.Current.CancellationToken);
        Assert.Equal(expected, status.StoppedAt);
        Assert.Contains($"stopped early: target met at R' = {expected}", status.Message);
        var estimates = await reader.EstimatesAsync("stop-restart", new EstimateQuery(), TestContext.Current.CancellationToken);
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(spec, expected, Seed).Estimates(), estimates.Rows);
        oracle.AssertHistory(await reader.PrefixHistoryAsync("stop-restart", TestContext.Current.CancellationToken), expected);
        // Exactly the prefix is recorded: every seed below R' once, none at or above it.
        Assert.Equal(expected, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE status <> 'pending'"));
        Assert.Equal(expected - 1, await db.ScalarAsync<int>("SELECT max(seed_index) FROM ensemble.realisations WHERE status <> 'pending'"));
        Assert.Equal(expected, await db.ScalarAsync<int>("SELECT stopped_at FROM ensemble.prefix_histories"));
    }

    [Fact]
    public async Task AResumedCoordinatorStopsAtTheSameRPrimeInGrainState()
    {
        var (spec, oracle, expected) = Case();
        var ledger = await CrashThenResume(new GrainStateBookStore(), spec, "stop-restart-memory", keepDetails: false);
        Assert.Equal(expected, ledger.Prefix!.StoppedAt);
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(spec, expected, Seed).Estimates(), ledger.Accumulator.Estimates());
        oracle.AssertHistory(ledger.Prefix.History("stop-restart-memory"), expected);
    }

    /// <summary>A target met at some R' in [32, 56]: past the crash, short of R.</summary>
    private static (SimulationSpec Spec, PrefixOracle Oracle, int Expected) Case()
    {
        var rule = new StopSpec { Observable = "mean", Species = "s1", Time = 5e-3, Component = "y", MinRealisations = 32, TargetSe = 1 };
        var oracle = PrefixOracle.For(JobExecutionTests.Small with { Stop = rule }, R, Seed);
        var spec = JobExecutionTests.Small with { Stop = rule with { TargetSe = oracle.At(56).StandardError } };
        int expected = oracle.FirstMeeting(32, spec.Stop!.TargetSe, null)!.Value;
        Assert.InRange(expected, 32, 56);
        return (spec, oracle, expected);
    }

    /// <summary>The first activation stops dead once seed <see cref="CrashAt"/> is launched; a second one loads the store and runs to the end.</summary>
    private static async Task<JobLedger> CrashThenResume(IJobBookStore store, SimulationSpec spec, string jobId, bool keepDetails)
    {
        var state = new JobState
        {
            Definition = new JobDefinition(jobId, null, SpecJson.Serialize(spec), R, Seed),
            Dispatch = new DispatchSettings(4, 3, TimeSpan.FromMinutes(1)),
            Status = JobStatus.Queued,
        };
        var first = Activation(state, store, spec, JobBooks.New(R), keepDetails, await store.ClaimEpochAsync(jobId, CancellationToken.None));
        await first.Checkpoints.Save(force: true); // the submission's save
        using var crash = new CancellationTokenSource();
        Assert.False(await first.Run(index =>
        {
            if (index >= CrashAt) crash.Cancel();
        }, crash.Token));

        long epoch = await store.ClaimEpochAsync(jobId, CancellationToken.None);
        var books = await store.LoadAsync(state, CancellationToken.None);
        Assert.NotNull(books);
        var second = Activation(state, store, spec, books, keepDetails, epoch);
        Assert.InRange(second.Ledger.Prefix!.Frontier, 1, CrashAt + 4); // resumed mid-prefix (short of R' >= 32), from what was saved
        Assert.Null(second.Ledger.Prefix.StoppedAt);
        Assert.True(await second.Run(_ => { }, CancellationToken.None));
        Assert.Equal(JobStatus.Completed, state.Status);
        return second.Ledger;
    }

    private static CoordinatorActivation Activation(JobState state, IJobBookStore store, SimulationSpec spec, JobBooks books, bool keepDetails, long epoch)
    {
        var prefix = PrefixTracker.Restore(spec, R, books.Prefix, books);
        var ledger = new JobLedger(books, AccumulatorJson.Load(spec, books.Accumulator), keepDetails, prefix);
        var lifecycle = new JobLifecycle();
        var checkpoints = new CheckpointWriter(state, ledger, store, () => Task.CompletedTask, lifecycle,
            new CheckpointOptions { Interval = TimeSpan.Zero }, // a checkpoint after every report: the crash lands after some were saved
            TimeProvider.System, NullLogger.Instance) { Epoch = epoch };
        if (books.Prefix is not null) checkpoints.Restored();
        return new CoordinatorActivation(state, ledger, lifecycle, checkpoints, Simulator.Create(spec), new EnsembleAccumulator(spec));
    }

    private sealed record CoordinatorActivation(JobState State, JobLedger Ledger, JobLifecycle Lifecycle, CheckpointWriter Checkpoints,
        Simulator Simulator, EnsembleAccumulator Layout)
    {
        public Task<bool> Run(Action<uint> beforeEach, CancellationToken stop)
        {
            Lifecycle.Start();
            var run = new JobRun(State, Ledger, Checkpoints, Lifecycle, TimeProvider.System, NullLogger.Instance);
            return run.RunAsync((index, _, _) =>
            {
                beforeEach(index);
                return Task.Run(() =>
                {
                    var result = Simulator.Run(new RealisationSeed(Seed, index));
                    var (observables, failure) = Layout.Prepare(result);
                    return new RealisationReport(index, observables is not null, result.Checksum, observables, failure, "test", 0.1);
                });
            }, () =>
            {
                Lifecycle.ReminderHeld();
                return Task.CompletedTask;
            }, () => { }, stop);
        }
    }
}
