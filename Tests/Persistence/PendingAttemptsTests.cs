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
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// The retry bound holds across a restart of the whole cluster: the attempts of a seed still
/// pending are saved with the checkpoint and read back with the books.
/// </summary>
public sealed class PendingAttemptsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ASeedThatFailedTwiceStillHasOnlyItsRemainingAttemptsAfterTheBooksAreReloaded()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "attempts");
        var spec = JobExecutionTests.Small;
        var store = new PostgresBookStore(db.Tables);
        var state = StoredJobStates.Running("att", "attempts", spec);
        var accumulator = new EnsembleAccumulator(spec);
        var ledger = new JobLedger(JobBooks.New(3), accumulator, keepDetails: true);
        // Seed 0: two attempts lost to infrastructure faults, the second saved in a later checkpoint.
        ledger.BeginAttempt(0);
        await Save(store, state, ledger);
        ledger.BeginAttempt(0);
        // Seed 1: computed at its first attempt.
        ledger.BeginAttempt(1);
        var result = Simulator.Create(spec).Run(new RealisationSeed(7, 1));
        var (observables, failure) = accumulator.Prepare(result);
        Assert.True(ledger.Record(new RealisationReport(1, observables is not null, result.Checksum, observables, failure, "silo-a", 2.0)));
        await Save(store, state, ledger);

        var books = await store.LoadAsync(state, TestContext.Current.CancellationToken);
        Assert.NotNull(books);
        var reloaded = new JobLedger(books, AccumulatorJson.Load(spec, books.Accumulator), keepDetails: true);
        Assert.Equal([0u, 2u], reloaded.Pending());
        Assert.Equal(2, reloaded.Attempts(0));
        Assert.Equal(1, reloaded.Attempts(1));
        Assert.Equal(3, reloaded.BeginAttempt(0)); // the third of five, not a fresh first
        Assert.Equal("pending 2 none", await db.ScalarAsync<string>(
            "SELECT status || ' ' || attempts || ' ' || coalesce(checksum, 'none') FROM ensemble.realisations WHERE seed_index = 0"));
        Assert.Equal("succeeded silo-a", await db.ScalarAsync<string>(
            "SELECT status || ' ' || silo FROM ensemble.realisations WHERE seed_index = 1"));
    }

    private static async Task Save(PostgresBookStore store, JobState state, JobLedger ledger)
    {
        var rows = ledger.TakeUnsaved();
        var checkpoint = new JobCheckpoint(state, state.Summarise(), ledger.Counts, ledger.Books, rows, ledger.Accumulator.Count,
            AccumulatorJson.Save(ledger.Accumulator), null);
        await store.SaveAsync(checkpoint, TestContext.Current.CancellationToken);
        ledger.Saved(rows);
    }
}
