using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Service.Limits;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>A job's limit in PostgreSQL: written in one fenced transaction, replaced (not doubled) when written again, read back to the bit.</summary>
public sealed class LimitTablesPersistenceTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobRow Job(string jobId) => new(jobId, null, """{"model":{"type":"pairwise"}}""", 7, 10, 4, 5, TimeSpan.FromMinutes(30),
        JobStatus.Running, null, 0, 0, 0, 0, 0, DateTimeOffset.UtcNow, null);

    private static async Task<(PostgresDatabase Db, PostgresBookStore Store, long Epoch)> JobWithEpoch(PostgresFixture postgres, string prefix, string jobId)
    {
        var db = await PostgresDatabase.CreateAsync(postgres, prefix);
        var store = new PostgresBookStore(db.Tables);
        long epoch = await store.ClaimEpochAsync(jobId, Ct);
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job(jobId), [], 0, "{}", null), Ct);
        return (db, store, epoch);
    }

    [Fact]
    public async Task TheLimitIsWrittenOnceAndReadBackBitForBit()
    {
        var (db, store, epoch) = await JobWithEpoch(postgres, "limit-roundtrip", "j");
        await using var _ = db;
        var tables = LimitSamples.TwoDimensional("it's; DROP TABLE ensemble.jobs; --", "u2");
        await store.SaveLimitAsync("j", epoch, tables, Ct);
        // Written again (a resumed coordinator): the same rows, not twice as many.
        await store.SaveLimitAsync("j", epoch, tables, Ct);

        Assert.Equal((long)tables.Moments.Count, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_moments WHERE job_id = 'j'"));
        Assert.Equal(2L * 3 * (6 + 12), await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_density WHERE job_id = 'j'"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_solutions WHERE job_id = 'j'"));
        // Plain SQL sees cell centres: nonlocal cell 4 of its 3 x 2 grid from (-1.5, -1) with h = 1 is at (0, 0.5).
        Assert.Equal(0.5, await db.ScalarAsync<double>(
            "SELECT y FROM ensemble.limit_density WHERE job_id = 'j' AND equation = 'nonlocal' AND time = 0 AND species = 'u2' AND cell = 4"));
        Assert.Equal("fft", await db.ScalarAsync<string>("SELECT convolution FROM ensemble.limit_solutions WHERE equation = 'nonlocal'"));

        var read = await new PostgresJobArchive(db.Tables).ReadLimitAsync("j", Ct);
        Assert.Equal(tables.Moments, read.Moments);
        Assert.Equal(tables.Densities.Select(d => (d.Equation, d.Species, d.Time)), read.Densities.Select(d => (d.Equation, d.Species, d.Time)));
        for (int b = 0; b < tables.Densities.Count; b++)
            Assert.Equal(tables.Densities[b].Values.Select(BitConverter.DoubleToInt64Bits), read.Densities[b].Values.Select(BitConverter.DoubleToInt64Bits));
        for (int e = 0; e < 2; e++)
        {
            var (x, y) = (tables.Diagnostics[e], read.Diagnostics[e]);
            Assert.Equal((x.Equation, x.Spacing, x.Steps, x.TimeStep, x.Convolution, x.MassDrift, x.MassAtBoundary, x.MinimumDensity, x.ElapsedSeconds),
                (y.Equation, y.Spacing, y.Steps, y.TimeStep, y.Convolution, y.MassDrift, y.MassAtBoundary, y.MinimumDensity, y.ElapsedSeconds));
            Assert.Equal(x.Lower, y.Lower);
            Assert.Equal(x.Cells, y.Cells);
        }
    }

    [Fact]
    public async Task AStaleActivationWritesNoLimitRows()
    {
        var (db, store, stale) = await JobWithEpoch(postgres, "limit-fenced", "j");
        await using var _ = db;
        await store.ClaimEpochAsync("j", Ct); // a newer activation took the job
        var refused = await Assert.ThrowsAsync<StoreException>(() => store.SaveLimitAsync("j", stale, LimitSamples.TwoDimensional(), Ct));
        Assert.Equal(StoreFailure.Fenced, refused.Failure);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_solutions"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_moments"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_density"));
    }

    [Fact]
    public async Task AOneDimensionalDensityHasNoYOrZAndAJobWithoutALimitReadsNone()
    {
        var (db, store, epoch) = await JobWithEpoch(postgres, "limit-1d", "j");
        await using var _ = db;
        var archive = new PostgresJobArchive(db.Tables);
        Assert.True((await archive.ReadLimitAsync("j", Ct)).IsEmpty);
        var tables = LimitTables.Of([LimitSamples.Solution(LimitEquation.Local, new UniformGrid([-1.0], [8], 0.25), 2, 0.0, 0.1)], ["a", "b"]);
        await store.SaveLimitAsync("j", epoch, tables, Ct);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_density WHERE y IS NOT NULL OR z IS NOT NULL"));
        Assert.Equal(-0.875, await db.ScalarAsync<double>("SELECT x FROM ensemble.limit_density WHERE cell = 0 AND species = 'a' AND time = 0"));
        Assert.Equal(tables.Moments, (await archive.ReadLimitAsync("j", Ct)).Moments);
        // The job's rows go with the job.
        await using (var delete = db.Source.CreateCommand("DELETE FROM ensemble.jobs WHERE job_id = 'j'")) await delete.ExecuteNonQueryAsync(Ct);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_density"));
    }
}
