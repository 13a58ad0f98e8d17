using Ensemble.Simulation.Specs;
using Ensemble.Tests.Persistence;
using Ensemble.Tests.Reports;
using Ensemble.Tests.Service.Limits;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// Reports through the real command line (child processes): <c>run</c> writes one into its results folder unless
/// <c>--no-report</c>, and <c>report JOB --postgres</c> writes one from the database alone, with no cluster.
/// </summary>
public sealed class ReportCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunWritesItsReportNoReportSkipsItAndReportJobWritesOneFromTheDatabase()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-report");
        using var cli = HostileCli.Create();
        string spec = cli.File("tiny.json", SpecJson.Serialize(ReportSamples.TinyWithLimit()));

        var run = await cli.RunAsync("run", spec, "-r", "24", "--job", "rep", "--out", "out", "--postgres", db.ConnectionString);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("report written to out/report/report.md", run.Output);
        ReportLinks.AssertComplete(Path.Combine(cli.Work, "out", "report"));
        // The se-vs-R figure draws the coordinator's record of all 24 seeds (R = 8, 16, 24), besides the re-run seeds.
        string written = await File.ReadAllTextAsync(Path.Combine(cli.Work, "out", "report", "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("the coordinator's record: the first R seeds folded in seed order", written);

        var quiet = await cli.RunAsync("run", spec, "-r", "8", "--job", "quiet", "--out", "quiet", "--postgres", db.ConnectionString, "--no-report");
        Assert.True(quiet.ExitCode == 0, quiet.Output + quiet.Error);
        Assert.DoesNotContain("report written", quiet.Output);
        Assert.True(File.Exists(Path.Combine(cli.Work, "quiet", "estimates.csv")));
        Assert.False(Directory.Exists(Path.Combine(cli.Work, "quiet", "report")), "--no-report writes no report");

        var report = await cli.RunAsync("report", "quiet", "--postgres", db.ConnectionString, "--out", "later");
        Assert.True(report.ExitCode == 0, report.Output + report.Error);
        Assert.Equal("report written to later/report.md", report.Output.Trim());
        string[] figures = ReportLinks.AssertComplete(Path.Combine(cli.Work, "later"));
        Assert.Contains("figures/density-t0.004.png", figures);
        string markdown = await File.ReadAllTextAsync(Path.Combine(cli.Work, "later", "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("# Report of job `quiet`", markdown);
        Assert.Contains("8 of 8 reproduced their recorded checksums", markdown);
    }

    [Fact]
    public async Task AJobWhoseLimitFailedStillGetsAReportSayingWhyNothingWasRerun()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-report-failed");
        using var cli = HostileCli.Create();
        string spec = cli.File("unsolvable.json", SpecJson.Serialize(LimitSamples.Unsolvable()));
        var run = await cli.RunAsync("run", spec, "-r", "3", "--job", "broken", "--postgres", db.ConnectionString);
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("report written", run.Output);

        var report = await cli.RunAsync("report", "broken", "--postgres", db.ConnectionString);
        Assert.True(report.ExitCode == 0, report.Output + report.Error);
        string path = Path.Combine(cli.Work, "results", "broken", "report", "report.md");
        Assert.Equal("report written to results/broken/report/report.md", report.Output.Trim());
        string markdown = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("Status: **failed**", markdown);
        Assert.Contains("No seeds were re-run: the job has no successful realisation.", markdown);
    }

    [Fact]
    public async Task ReportOfAnUnknownJobExitsFourAndWritesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-report-unknown");
        using var cli = HostileCli.Create();
        var report = await cli.RunAsync("report", "nobody", "--postgres", db.ConnectionString, "--out", "nothing");
        HostileCli.AssertOneLineRefusal(report, 4, "unknown job: no job 'nobody' or study in the database");
        Assert.False(Directory.Exists(Path.Combine(cli.Work, "nothing")));
    }
}
