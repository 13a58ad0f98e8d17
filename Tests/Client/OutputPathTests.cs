using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// What run and rerun write, in a fresh working folder: only the job's folder under results/,
/// never another job's folder (unless --force), a rerun's trajectory only once it has run, and an
/// exit code that says when there was nothing to estimate from or nothing to verify against.
/// </summary>
public sealed class OutputPathTests
{
    private static readonly string[] ResultFiles = ["estimates.csv", "estimates.json", "job.json", "realisations.csv"];

    [Fact]
    public async Task RunWritesOnlyItsFolderAndRerunWritesItsTrajectoryOnlyOnceItHasRun()
    {
        using var cli = HostileCli.Create();
        string spec = TestSpecs.ExamplePath("w1.json");
        var run = await cli.RunAsync("run", spec, "-r", "2", "--job", "paths.1");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        string[] folder = ["a", "a/b", "a/b/work", "a/b/work/results", "a/b/work/results/paths.1"];
        // The report (report.md, figures/) lies inside the job's folder too.
        const string report = "a/b/work/results/paths.1/report";
        Assert.Equal([.. folder, .. ResultFiles.Select(f => $"a/b/work/results/paths.1/{f}")],
            cli.Tree().Where(p => p != report && !p.StartsWith(report + "/", StringComparison.Ordinal)));
        Assert.Contains(report + "/report.md", cli.Tree());

        // A refused rerun (an index outside the job) creates nothing: no file, no folder, no temporary.
        var before = cli.Tree();
        var refused = await cli.RunAsync("rerun", "paths.1", "--seed", "7", "--out", "new/deeper/trajectory.csv");
        HostileCli.AssertOneLineRefusal(refused, 2, "--seed");
        Assert.Equal(before, cli.Tree());

        var rerun = await cli.RunAsync("rerun", "paths.1", "--seed", "1", "--out", "new/deeper/trajectory.csv");
        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Equal([.. before.Concat(["a/b/work/new", "a/b/work/new/deeper", "a/b/work/new/deeper/trajectory.csv"]).Order(StringComparer.Ordinal)],
            cli.Tree());
        Assert.StartsWith("step,time", await File.ReadAllTextAsync(Path.Combine(cli.Work, "new/deeper/trajectory.csv"),
            TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // A seed the job has no outcome for: the rerun runs, but nothing was verified (exit 7).
        string records = Path.Combine(cli.Work, "results/paths.1/realisations.csv");
        await File.WriteAllLinesAsync(records, File.ReadAllLines(records).Where(l => !l.StartsWith("0,", StringComparison.Ordinal)),
            TestContext.Current.CancellationToken);
        var unverified = await cli.RunAsync("rerun", "paths.1", "--seed", "0");
        HostileCli.AssertOneLineRefusal(unverified, 7, "nothing to verify against");
        Assert.Contains("no outcome recorded", unverified.Output);
        Assert.Contains("a/b/work/results/paths.1/rerun-0.csv", cli.Tree());
        Assert.DoesNotContain(cli.Tree(), p => p.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunRefusesAnotherJobsFolderBeforeAnyWorkUnlessForced()
    {
        using var cli = HostileCli.Create();
        Directory.CreateDirectory(Path.Combine(cli.Work, "out"));
        const string Theirs = """{"jobId":"theirs","name":null,"specJson":"{}","realisations":3,"masterSeed":1}""";
        string jobJson = cli.File("out/job.json", Theirs);
        string spec = TestSpecs.ExamplePath("w1.json");

        var refused = await cli.RunAsync("run", spec, "-r", "2", "--job", "mine", "--out", "out");
        HostileCli.AssertOneLineRefusal(refused, 2, "--out: a folder for job 'mine', but out holds the results of job 'theirs'");
        Assert.Empty(refused.Output); // refused before the embedded silo started: no progress, no table
        Assert.Equal(Theirs, await File.ReadAllTextAsync(jobJson, TestContext.Current.CancellationToken));

        var forced = await cli.RunAsync("run", spec, "-r", "2", "--job", "mine", "--out", "out", "--force");
        Assert.True(forced.ExitCode == 0, forced.Output + forced.Error);
        Assert.Contains("\"jobId\": \"mine\"", await File.ReadAllTextAsync(jobJson, TestContext.Current.CancellationToken));

        // The same job again writes over its own folder without --force.
        var again = await cli.RunAsync("run", spec, "-r", "2", "--job", "mine", "--out", "out");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
    }

    [Fact]
    public async Task ARunWithNoSuccessfulRealisationDoesNotExitZero()
    {
        using var cli = HostileCli.Create();
        // Two particles always within eta of each other; a huge repulsion over one enormous step overflows every time.
        var blowUp = TestSpecs.Pairwise(1, 2, [[1e308]], eta: 10.0, sigma: 1e-30, dt: 1e10, steps: 1);
        string spec = cli.File("blow-up.json", SpecJson.Serialize(blowUp));

        var run = await cli.RunAsync("run", spec, "-r", "4", "--job", "blow-up");

        HostileCli.AssertOneLineRefusal(run, 6, "no successful realisation");
        Assert.Contains("0 realisations succeeded, 4 failed", run.Output);
        Assert.True(File.Exists(Path.Combine(cli.Work, "results/blow-up/realisations.csv")), "the records are written all the same");
    }
}
