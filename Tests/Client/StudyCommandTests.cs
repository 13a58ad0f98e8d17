using Ensemble.Tests.Persistence;
using Ensemble.Tests.Studies;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// <c>study</c> through the real command line (child processes) on a real PostgreSQL: a study on the embedded silo,
/// its status and results read from the database after the process is gone, and a rerun with the same id that
/// resumes it without recomputing a finished point; bad input refused with one line naming the field.
/// </summary>
public sealed class StudyCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AStudyRunsThenAnswersFromTheDatabaseAndARerunRecomputesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-study");
        using var cli = HostileCli.Create();
        string spec = cli.File("tiny-study.json", StudySpecs.Tiny("cli-study").ToJsonString());

        var run = await cli.RunAsync("study", spec, "--postgres", db.ConnectionString);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("study cli-study: 3 points (particles=10; particles=20; particles=40), 8 realisations each", run.Output);
        Assert.Contains("cli-study: completed, 3/3 points, 24/24 realisations, 0 failed", run.Output);
        Assert.Contains("covariance s0 t=0.01 xx", run.Output);
        Assert.Contains("slope vs particles", run.Output);
        Assert.Contains("pairwise orders", run.Output);
        var finished = await db.ScalarAsync<DateTime>("SELECT max(finished_at) FROM ensemble.jobs WHERE job_id LIKE 'cli-study.p%'");
        var recorded = await db.ScalarAsync<DateTime>("SELECT max(recorded_at) FROM ensemble.realisations WHERE job_id LIKE 'cli-study.p%'");

        // The process and its silo are gone: the database answers.
        // The study's report, written at its end: report.md with a rate figure per fitted estimate.
        string report = Path.Combine(cli.Work, "results", "cli-study", "report");
        Assert.Contains("report written to", run.Output);
        string markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("## Fitted slopes", markdown);
        string[] figures = Directory.GetFiles(Path.Combine(report, "figures"), "rate-*.png");
        Assert.NotEmpty(figures);
        Assert.All(figures, f => Assert.Contains($"figures/{Path.GetFileName(f)}", markdown));

        // And again from the database alone, into another folder: report ID finds the study when no job has its id.
        string again = Path.Combine(cli.Work, "from-db");
        var fromDatabase = await cli.RunAsync("report", "cli-study", "--postgres", db.ConnectionString, "--out", again);
        Assert.True(fromDatabase.ExitCode == 0, fromDatabase.Output + fromDatabase.Error);
        var redrawn = Directory.GetFiles(Path.Combine(again, "figures"), "rate-*.png").Select(Path.GetFileName).Order();
        Assert.Equal(figures.Select(Path.GetFileName).Order(), redrawn);

        var status = await cli.RunAsync("study", "status", "cli-study", "--postgres", db.ConnectionString);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains("cli-study: completed, 3/3 points, 24/24 realisations", status.Output);
        Assert.Contains("cli-study.p2", status.Output);
        var results = await cli.RunAsync("study", "results", "cli-study", "--postgres", db.ConnectionString);
        Assert.True(results.ExitCode == 0, results.Output + results.Error);
        Assert.Contains("tagged_covariance s0 t=0.01 x", results.Output);
        Assert.Contains("slope vs particles", results.Output);
        Assert.Equal(Slopes(run.Output), Slopes(results.Output));
        Assert.Contains("read from the database", status.Output);

        // The same fits as one JSON document: the slopes the table printed, the points linked to their jobs.
        var json = await cli.RunAsync("study", "results", "cli-study", "--format", "json", "--postgres", db.ConnectionString);
        Assert.True(json.ExitCode == 0, json.Output + json.Error);
        var document = System.Text.Json.Nodes.JsonNode.Parse(json.Output)!;
        Assert.Equal("cli-study", (string?)document["study"]);
        Assert.Equal("completed", (string?)document["status"]);
        Assert.Equal(["cli-study.p0", "cli-study.p1", "cli-study.p2"], document["points"]!.AsArray().Select(p => (string?)p!["job"]));
        Assert.Equal([10.0, 20.0, 40.0], document["points"]!.AsArray().Select(p => (double)p!["parameters"]!["particles"]!));
        var fits = document["fits"]!.AsArray();
        Assert.NotEmpty(fits);
        Assert.All(fits, f => Assert.Equal("particles", (string?)f!["against"]));
        Assert.Contains(fits, f => f!["slope"] is not null && f["lower95"] is not null);

        // Listed with the database's view of it.
        var list = await cli.RunAsync("study", "list", "--postgres", db.ConnectionString);
        Assert.True(list.ExitCode == 0, list.Output + list.Error);
        Assert.Matches(@"cli-study\s.*completed.*3/3\s.*24\s.*0\s.*24", list.Output);

        // The same study again: every point is read, none resubmitted or recomputed.
        var rerun = await cli.RunAsync("study", spec, "--postgres", db.ConnectionString, "--no-report");
        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Contains("resumed: 3 of 3 points already finished (read, not recomputed)", rerun.Output);
        Assert.DoesNotContain("report written", rerun.Output);
        Assert.Equal(Slopes(run.Output), Slopes(rerun.Output));
        Assert.Equal(finished, await db.ScalarAsync<DateTime>("SELECT max(finished_at) FROM ensemble.jobs WHERE job_id LIKE 'cli-study.p%'"));
        Assert.Equal(recorded, await db.ScalarAsync<DateTime>("SELECT max(recorded_at) FROM ensemble.realisations WHERE job_id LIKE 'cli-study.p%'"));
        Assert.Equal(24L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE job_id LIKE 'cli-study.p%'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.studies"));
    }

    [Fact]
    public async Task ABadStudySpecAndAnUnknownStudyAreOneLineEach()
    {
        using var cli = HostileCli.Create();
        var bad = StudySpecs.Tiny("bad");
        bad["grid"]![0]!["values"]![1] = -20;
        var refused = await cli.RunAsync("study", cli.File("bad.json", bad.ToJsonString()));
        HostileCli.AssertOneLineRefusal(refused, 2, "invalid spec: grid[0].values[1]: ");

        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-study-unknown");
        var unknown = await cli.RunAsync("study", "status", "nothing-here", "--postgres", db.ConnectionString);
        HostileCli.AssertOneLineRefusal(unknown, 4, "unknown job: no study 'nothing-here' in the database");
    }

    /// <summary>A point over a budget refuses the whole study before anything is recorded: no study row, no job.</summary>
    [Fact]
    public async Task AStudyWithAPointOverABudgetIsRefusedWholeAndWritesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "cli-study-budget");
        using var cli = HostileCli.Create();
        string spec = cli.File("over.json", StudySpecs.Tiny("over").ToJsonString());
        var refused = await ClientProcess.RunInAsync(cli.Work, new Dictionary<string, string> { ["Ensemble__Budgets__MaxRealisations"] = "5" },
            "study", spec, "--postgres", db.ConnectionString);
        HostileCli.AssertOneLineRefusal(refused, 2, "grid point 0 (particles=10): ");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.studies"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.jobs"));
    }

    private static string[] Slopes(string output) =>
        output.Split('\n').Where(l => l.Contains("slope vs", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();
}
