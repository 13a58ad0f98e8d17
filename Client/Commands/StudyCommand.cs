using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Studies;
using Spectre.Console;
using JobIdGrammar = Ensemble.Jobs.Contracts.JobId;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>study SPEC</c>: a convergence study, one job per grid point, on an embedded silo (in memory, or persisted with
/// <c>--postgres</c>) or, with <c>--gateway-port</c>, a running cluster; one progress display for the whole study, then
/// a table per fitted estimate with the slopes. Rerun with the same id it resumes (finished points are read, not rerun).
/// <c>study status ID</c> and <c>study results ID</c> ask the study's grain, or with a database read it directly.
/// </summary>
public static class StudyCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "study spec (JSON), e.g. examples/study-w2-prop12.json" };
        var studyId = new Option<string?>("--study") { Description = $"study id (default: the spec's \"id\", else its file name); {JobIdGrammar.Grammar}" }
            .AsJobId();
        var workers = new Option<int?>("--workers") { Description = "simulation threads of the embedded silo (default: one per core)" }.Within(1, 4096);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "persist the study and its jobs to this PostgreSQL database (default: in memory); the embedded silo joins the silos registered there",
        };
        var gateway = new Option<int?>("--gateway-port") { Description = "submit to the running cluster whose silo listens here instead of an embedded silo" }
            .Within(1, 65535);
        var noReport = new Option<bool>("--no-report") { Description = "skip the study's report (report.md and PNG figures in results/STUDY/report)" };
        var command = new Command("study", "run a convergence study: one job per grid point, then the fitted rates")
            { spec, studyId, workers, postgres, gateway, noReport };
        command.Subcommands.Add(CreateStatus());
        command.Subcommands.Add(CreateResults());
        command.Subcommands.Add(CreateReport());
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var file = r.GetValue(spec)!;
            string text = SpecFile.Read(file);
            var parsed = StudySpecJson.Parse(text);
            string id = Id(r.GetValue(studyId), parsed, file);
            var points = StudyGrid.Expand(id, parsed);
            string? database = r.GetValue(postgres) is { } given ? ClusterTargetOptions.Checked(given) : null;
            AnsiConsole.WriteLine($"study {id}: {points.Count} points ({string.Join("; ", points.Select(p => p.Describe()))}), "
                + $"{parsed.Realisations} realisations each");
            await using EmbeddedHost.Session session = r.GetValue(gateway) is { } port
                ? await ClusterConnection.ConnectAsync(new ClusterTarget(port, null), cancellation)
                : await EmbeddedCluster.StartAsync(r.GetValue(workers), database, cancellation);
            var grain = session.Client.GetGrain<IStudyGrain>(id);
            var status = await grain.Submit(text);
            int reused = status.PointsFinished;
            if (reused > 0) AnsiConsole.WriteLine($"resumed: {reused} of {points.Count} points already finished (read, not recomputed)");
            status = await FollowAsync(grain, points, status, cancellation);
            AnsiConsole.WriteLine(StudyOutput.FinalLine(status));
            var view = new GrainStudyView(grain);
            var results = await view.GetResults();
            StudyOutput.WriteResults(results);
            if (!r.GetValue(noReport))
            {
                string markdown = StudyReportOutput.Write(JobReportOutput.Prepare(null, id), results, text);
                AnsiConsole.WriteLine($"report written to {JobReportOutput.Describe(markdown)}");
            }
            return status.Status == StudyStatus.Completed ? 0 : CommandErrors.NotCompleted;
        }));
        return command;
    }

    private static Command CreateReport()
    {
        var output = new Option<string?>("--out") { Description = "folder for report.md and figures/ (default results/<study>/report)" };
        return Query("report", "write a study's report: report.md with its rate figures (PNG); the same as report STUDY",
            (view, _, r) => ReportCommand.ReportStudy(view, r.GetValue(output)), output);
    }

    private static Command CreateStatus() => Query("status", "show a study's status, point by point", async (view, points, _) =>
    {
        StudyOutput.WriteStatus(await view.GetStatus(), points);
        return 0;
    });

    private static Command CreateResults() => Query("results", "print a study's estimates per point and its fitted rates", async (view, _, _) =>
    {
        var results = await view.GetResults();
        AnsiConsole.WriteLine(StudyOutput.FinalLine(await view.GetStatus()));
        StudyOutput.WriteResults(results);
        return 0;
    });

    private static Command Query(string name, string description, Func<IStudyView, IReadOnlyList<StudyPoint>, ParseResult, Task<int>> action,
        params Option[] options)
    {
        var id = new Argument<string>("study") { Description = $"study id ({JobIdGrammar.Grammar})" }.AsJobId();
        var command = new Command(name, description) { id };
        foreach (var option in options) command.Options.Add(option);
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            string studyId = r.GetValue(id)!;
            var where = target.Resolve(r);
            if (where.Postgres is { } postgres)
            {
                await using var reader = StudyTables.OpenReader(postgres);
                var study = await reader.StudyAsync(studyId, cancellation);
                return await action(new DatabaseStudyView(reader, studyId), study.Points, r);
            }
            await using var connection = await ClusterConnection.ConnectAsync(where, cancellation);
            var grain = connection.Client.GetGrain<IStudyGrain>(studyId);
            string spec = await grain.GetSpec() ?? throw new JobRejectedException(ErrorKind.UnknownJob, "study", $"no study '{studyId}' has been submitted");
            return await action(new GrainStudyView(grain), StudyGrid.Expand(studyId, StudySpecJson.Parse(spec)), r);
        }));
        return command;
    }

    private static string Id(string? given, StudySpec spec, FileInfo file)
    {
        if (given is not null && spec.Id is { } inSpec && inSpec != given)
            throw new EnsembleException(ErrorKind.InvalidOption, "--study", $"the spec's id \"{inSpec}\" (or leave --study out), found \"{given}\"");
        string id = given ?? spec.Id ?? JobIdGrammar.From(Path.GetFileNameWithoutExtension(file.Name), StudySpecJson.MaxIdLength);
        if (id.Length > StudySpecJson.MaxIdLength)
            throw new EnsembleException(ErrorKind.InvalidOption, "--study", $"at most {StudySpecJson.MaxIdLength} characters, found {id.Length}");
        return id;
    }

    /// <summary>One display for the whole study: a bar over all its realisations on a terminal, a line per finished point otherwise.</summary>
    private static async Task<StudyStatusReport> FollowAsync(IStudyGrain grain, IReadOnlyList<StudyPoint> points, StudyStatusReport status,
        CancellationToken cancellation)
    {
        var announced = new bool[points.Count];
        void Announce(StudyStatusReport s)
        {
            for (int k = 0; k < points.Count; k++)
            {
                if (announced[k] || s.Points[k] is not { IsFinished: true } job) continue;
                announced[k] = true;
                AnsiConsole.WriteLine($"point {k} ({points[k].Describe()}): {ProgressDisplay.FinalLine(job)}");
            }
        }
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            Announce(status);
            while (!status.IsFinished)
            {
                await Task.Delay(PollEvery, cancellation);
                status = await grain.GetStatus();
                Announce(status);
            }
            return status;
        }
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(StudyOutput.Progress(status)), maxValue: Math.Max(1, status.Total));
                while (true)
                {
                    task.MaxValue = Math.Max(1, status.Total);
                    task.Value = status.FractionDone;
                    task.Description = Markup.Escape(StudyOutput.Progress(status));
                    if (status.IsFinished) break;
                    await Task.Delay(PollEvery, cancellation);
                    status = await grain.GetStatus();
                }
                task.StopTask();
            });
        Announce(status);
        return status;
    }
}
