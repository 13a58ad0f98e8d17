using Ensemble.Simulation.Specs;
using Ensemble.Tests.Persistence;
using Ensemble.Tests.Service.Limits;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// The limit through the real command line (child processes) and a real PostgreSQL: the files of
/// the results folder, the comparison block, a limit that fails (exit 1, its reason on one line and
/// in status, nothing half-written), and a spec without a limit writing no limit files.
/// </summary>
public sealed class LimitCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARunWhoseLimitFailsExitsOneWithTheReasonAndWritesNoLimitAnywhere()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-limit-fails");
        using var cli = HostileCli.Create();
        string spec = cli.File("unsolvable.json", SpecJson.Serialize(LimitSamples.Unsolvable()));

        var run = await cli.RunAsync("run", spec, "-r", "3", "--job", "lim-fail", "--postgres", db.ConnectionString);

        HostileCli.AssertOneLineRefusal(run, 1, "job lim-fail failed: limit: ");
        Assert.Contains("the local equation cannot be solved", run.Error);
        Assert.Contains("lim-fail: failed, 0/3 realisations", run.Output);
        Assert.DoesNotContain("particles against the limit", run.Output);
        Assert.DoesNotContain("pending:", run.Output); // nothing ran, so no seed has a failure to list
        string folder = Path.Combine(cli.Work, "results", "lim-fail");
        Assert.True(File.Exists(Path.Combine(folder, "job.json")));
        Assert.False(File.Exists(Path.Combine(folder, "limit.csv")));
        Assert.False(File.Exists(Path.Combine(folder, "limit_density.csv")));

        Assert.Equal("failed", await db.ScalarAsync<string>("SELECT status FROM ensemble.jobs WHERE job_id = 'lim-fail'"));
        Assert.StartsWith("limit: ", await db.ScalarAsync<string>("SELECT message FROM ensemble.jobs WHERE job_id = 'lim-fail'"), StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_solutions"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_moments"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_density"));

        var status = await cli.RunAsync("status", "lim-fail", "--postgres", db.ConnectionString);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains("failed", status.Output);
        Assert.Contains("limit: ", status.Output);

        // The database alone rewrites the folder elsewhere: still no limit files.
        var results = await cli.RunAsync("results", "lim-fail", "--postgres", db.ConnectionString, "--out", "again");
        Assert.True(results.ExitCode == 0, results.Output + results.Error);
        Assert.True(File.Exists(Path.Combine(cli.Work, "again", "job.json")));
        Assert.True(File.Exists(Path.Combine(cli.Work, "again", "realisations.csv")));
        Assert.False(File.Exists(Path.Combine(cli.Work, "again", "limit.csv")));
    }

    [Fact]
    public async Task ARunWithoutALimitWritesNoLimitFilesAndRemovesAnOlderRunsOnes()
    {
        using var cli = HostileCli.Create();
        string spec = cli.File("plain.json", SpecJson.Serialize(LimitSamples.Solvable() with { Limit = null }));
        Directory.CreateDirectory(Path.Combine(cli.Work, "out"));
        cli.File(Path.Combine("out", "limit.csv"), "equation,species,time,observable,component,value\nnonlocal,s0,0,mass,all,1\n");

        var run = await cli.RunAsync("run", spec, "-r", "3", "--job", "plain", "--out", "out", "--force");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.DoesNotContain("particles against the limit", run.Output);
        Assert.DoesNotContain("limit local:", run.Output);
        Assert.True(File.Exists(Path.Combine(cli.Work, "out", "estimates.csv")));
        Assert.False(File.Exists(Path.Combine(cli.Work, "out", "limit.csv")), "a stale limit.csv would claim a limit this job does not have");
        Assert.False(File.Exists(Path.Combine(cli.Work, "out", "limit_density.csv")));
    }

    [Fact]
    public async Task ARunWithALimitWritesItsTablesAndComparesAndTheDatabaseGivesTheSameFiles()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-limit");
        using var cli = HostileCli.Create();
        string spec = cli.File("limit.json", SpecJson.Serialize(LimitSamples.Solvable()));

        var run = await cli.RunAsync("run", spec, "-r", "2", "--job", "lim", "--out", "out", "--postgres", db.ConnectionString);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("particles against the limit", run.Output);
        Assert.Contains("limit nonlocal: ", run.Output);
        Assert.Contains("limit local: ", run.Output);
        string[] lines = (await File.ReadAllTextAsync(Path.Combine(cli.Work, "out", "limit.csv"), Ct)).TrimEnd('\n').Split('\n');
        Assert.Equal("equation,species,time,observable,component,value", lines[0]);
        var keys = lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(5))).ToArray();
        var expected = from equation in new[] { "nonlocal", "local" }
            from time in new[] { "0", "0.002", "0.004" }
            from species in new[] { "s0", "s1" }
            from moment in new[] { "mass,all", "mean,x", "covariance,xx", "central_moment_3,x", "central_moment_4,x" }
            select $"{equation},{species},{time},{moment}";
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        string density = await File.ReadAllTextAsync(Path.Combine(cli.Work, "out", "limit_density.csv"), Ct);
        Assert.StartsWith("equation,species,time,cell,x,density\n", density, StringComparison.Ordinal);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.limit_solutions WHERE job_id = 'lim'"));

        var results = await cli.RunAsync("results", "lim", "--postgres", db.ConnectionString, "--out", "again");
        Assert.True(results.ExitCode == 0, results.Output + results.Error);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(cli.Work, "out", "limit.csv"), Ct),
            await File.ReadAllTextAsync(Path.Combine(cli.Work, "again", "limit.csv"), Ct));
        Assert.Equal(density, await File.ReadAllTextAsync(Path.Combine(cli.Work, "again", "limit_density.csv"), Ct));
    }
}
