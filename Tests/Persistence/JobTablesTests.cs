using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Statistics;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>The service's own tables on a real server: round trips, hostile text, upserts, NaN.</summary>
public sealed class JobTablesTests(PostgresFixture postgres)
{
    /// <summary>Quotes, a statement terminator, a comment, a backslash, a dollar quote and non-ASCII text.</summary>
    private const string HostileName = "it's \"x\"; DROP TABLE ensemble.jobs; -- $$ \\ ünïcødé ' OR '1'='1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobRow Job(string jobId, string? name = null, JobStatus status = JobStatus.Running) => new(
        jobId, name, """{"model":{"type":"pairwise"}}""", ulong.MaxValue, 10, 4, 5, TimeSpan.FromMinutes(30), status, null,
        0, 0, 0, 0, 0, DateTimeOffset.UtcNow, null);

    [Fact]
    public async Task AJobNameAndIdFullOfQuotesAndSqlSurviveTheRoundTrip()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "hostile");
        string jobId = "job'; DELETE FROM ensemble.realisations; --";
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job(jobId, HostileName), [], 0, "{}", null), Ct);
        var read = await db.Tables.ReadJobAsync(jobId, Ct);
        Assert.NotNull(read);
        Assert.Equal(HostileName, read.Name);
        Assert.Equal(ulong.MaxValue, read.MasterSeed);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.jobs"));
    }

    [Fact]
    public async Task RealisationsAreUpsertedSoASeedSavedTwiceIsOneRow()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "upsert");
        var first = new RealisationRow(3, RealisationState.Succeeded, 1, "silo-a", 12.5, 0xfedcba9876543210, null);
        var again = first with { Attempts = 2, Silo = "silo-b" };
        var failed = new RealisationRow(4, RealisationState.Failed, 1, "silo-a", 1.0, 7, HostileName + "\0");
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job("j"), [first, failed], 1, "{}", null), Ct);
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job("j"), [again], 1, "{}", null), Ct);
        var rows = await db.Tables.ReadRealisationsAsync("j", cancellation: Ct);
        Assert.Equal([3u, 4u], rows.Select(r => r.Index));
        Assert.Equal(again, rows[0]);
        Assert.Equal(HostileName + "\uFFFD", rows[1].FailureReason); // NUL cannot be stored; it must not block the save
        Assert.Equal("fedcba9876543210", await db.ScalarAsync<string>("SELECT checksum FROM ensemble.realisations WHERE seed_index = 3"));
    }

    [Fact]
    public async Task EstimatesAreReplacedEachTimeAndNotEstimableValuesAreNull()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "estimates");
        EstimateRow Row(string observable, double se) => new(observable, "s0", 0.5, "x", 1, 0.25, se, double.NaN, double.NaN, -1, 1);
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job("j"), [], 1, "{}", [Row("mean", double.NaN), Row("covariance", double.NaN)]), Ct);
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job("j"), [], 2, "{}", [Row("mean", 0.125)]), Ct);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.estimates"));
        Assert.Equal(0.125, await db.ScalarAsync<double>("SELECT se FROM ensemble.estimates WHERE observable = 'mean'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.estimates WHERE ci_low IS NULL"));
    }

    [Fact]
    public async Task TheSpecIsQueryableAsJsonAndKeptVerbatimForReruns()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "spec");
        await db.Tables.SaveCheckpointAsync(new CheckpointRows(Job("j"), [], 0, "{}", null), Ct);
        Assert.Equal("pairwise", await db.ScalarAsync<string>("SELECT spec->'model'->>'type' FROM ensemble.jobs"));
        Assert.Equal(Job("j").SpecText, (await db.Tables.ReadJobAsync("j", Ct))!.SpecText);
    }
}
