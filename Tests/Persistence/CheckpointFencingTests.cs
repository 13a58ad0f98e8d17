using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// Two activations of one coordinator (a split brain) on a real PostgreSQL: the newer one takes a
/// higher epoch, and from then on every save of the older one fails as fenced and writes nothing.
/// </summary>
public sealed class CheckpointFencingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AStaleActivationsSaveFailsAsFencedAndWritesNothing() => await SingleThreadedContext.RunAsync(async () =>
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "fence");
        // Two silos: two stores, each on its own data source, over one database.
        await using var otherSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var storeA = new PostgresBookStore(db.Tables);
        var storeB = new PostgresBookStore(new JobTables(otherSource));

        var first = new CoordinatorRig("split", 10, storeA, await storeA.ClaimEpochAsync("split", default));
        first.State.Begin(DateTimeOffset.UtcNow);
        first.Record(0);
        await first.Checkpoints.Save(force: true);
        Assert.Equal(1L, await Count(db));

        // The second activation takes the job over (a newer epoch) and loads what the first saved.
        long newer = await storeB.ClaimEpochAsync("split", default);
        Assert.Equal(2L, newer);
        var second = new CoordinatorRig("split", 10, storeB, newer);
        second.State.Begin(DateTimeOffset.UtcNow);
        var books = await storeB.LoadAsync(second.State, default);
        Assert.NotNull(books);

        // The first, not knowing, records another realisation and saves: fenced, nothing written.
        first.Record(1);
        var fenced = await Assert.ThrowsAsync<StoreException>(() => first.Checkpoints.Save(force: true));
        Assert.Equal(StoreFailure.Fenced, fenced.Failure);
        Assert.Contains("newer activation", fenced.Message);
        Assert.Equal(1L, await Count(db));
        Assert.True(first.Lifecycle.IsClosed);
        Assert.Equal(1, first.FencedCalls);
        Assert.Equal(0, first.StateWrites - 1); // grain state written once, before the fence, never after

        // Closed: later saves write nothing and do not even try.
        first.Record(2);
        await first.Checkpoints.Save(force: true);
        Assert.Equal(1L, await Count(db));
        Assert.Equal(1, first.FencedCalls);

        // The owner's saves go through.
        second.Record(5);
        await second.Checkpoints.Save(force: true);
        Assert.Equal(2L, await Count(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE seed_index IN (1, 2)"));
        return true;
    });

    [Fact]
    public async Task AStaleActivationMidRunStopsDispatchingAndLeavesTheJobToTheNewerOne() => await SingleThreadedContext.RunAsync(async () =>
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "fence_run");
        var store = new PostgresBookStore(db.Tables);
        var rig = new CoordinatorRig("taken", 200, store, await store.ClaimEpochAsync("taken", default), window: 2);
        long? stolenAt = null;
        bool storageHasFinal = await rig.RunAsync(async index =>
        {
            // Part-way through, another activation claims the job (it does nothing else).
            if (index == 20 && stolenAt is null)
            {
                await using var other = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
                await new JobTables(other).ClaimEpochAsync("taken");
                stolenAt = await Count(db);
            }
        });
        Assert.NotNull(stolenAt);
        Assert.False(storageHasFinal); // stopped, so the reminder (held by the newer one) is not dropped
        Assert.True(rig.Lifecycle.IsClosed);
        Assert.Equal(1, rig.FencedCalls);
        // It stopped at the first save after the claim: nothing it computed since reached the tables,
        // and it did not go on to compute the other realisations.
        Assert.Equal(stolenAt, await Count(db));
        Assert.True(rig.Ledger.Succeeded < 200, $"the stale activation went on to compute all {rig.Ledger.Succeeded}");
        Assert.NotEqual(JobStatus.Completed, rig.State.Status);
        Assert.Equal("running", await db.ScalarAsync<string>("SELECT status FROM ensemble.jobs WHERE job_id = 'taken'"));
        return true;
    });

    [Fact]
    public async Task EachActivationTakesTheNextEpoch()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "epochs");
        Assert.Equal(1L, await db.Tables.ClaimEpochAsync("a", TestContext.Current.CancellationToken));
        Assert.Equal(2L, await db.Tables.ClaimEpochAsync("a", TestContext.Current.CancellationToken));
        Assert.Equal(1L, await db.Tables.ClaimEpochAsync("b", TestContext.Current.CancellationToken));
    }

    private static Task<long> Count(PostgresDatabase db) => db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations");
}
