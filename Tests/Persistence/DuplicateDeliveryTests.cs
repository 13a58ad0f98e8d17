using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Rerun;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Storage.Jobs;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>A realisation's result delivered again — before a save, after it, after a restart — is counted once.</summary>
public sealed class DuplicateDeliveryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AResultDeliveredThreeTimesAcrossASaveAndARestartIsCountedOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "duplicates");
        var spec = JobExecutionTests.Small;
        var store = new PostgresBookStore(db.Tables);
        var state = StoredJobStates.Running("dup", "duplicates", spec);
        var accumulator = new EnsembleAccumulator(spec);
        var result = Simulator.Create(spec).Run(new RealisationSeed(7, 1));
        var (observables, failure) = accumulator.Prepare(result);
        var report = new RealisationReport(1, observables is not null, result.Checksum, observables, failure, "silo", 1.0);

        var ledger = new JobLedger(JobBooks.New(3), accumulator);
        Assert.True(ledger.Record(report));
        Assert.False(ledger.Record(report)); // a retry racing the first attempt
        await Save(store, state, ledger);
        Assert.False(ledger.Record(report)); // a late duplicate after the save
        await Save(store, state, ledger);

        // A new coordinator (after a restart) loads the books and sees the realisation as done.
        var books = await store.LoadAsync(state, TestContext.Current.CancellationToken);
        Assert.NotNull(books);
        var reloaded = new JobLedger(books, AccumulatorJson.Load(spec, books.Accumulator));
        Assert.False(reloaded.Record(report));
        Assert.Equal(1, reloaded.Succeeded);
        Assert.Equal(1, reloaded.Accumulator.Count);
        Assert.Equal(3, books.DuplicateReports);
        Assert.Equal([0u, 2u], reloaded.Pending());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT realisations FROM ensemble.aggregates"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT duplicate_reports FROM ensemble.jobs"));
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
