using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Dashboard.Reading;
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
        var giveUp = Duration.GiveUpAfter();
        var noReport = new Option<bool>("--no-report") { Description = "skip the study's report (report.md and PNG figures in results/STUDY/report)" };
        var command = new Command("study", "run a convergence study: one job per grid point, then the fitted rates")
            { spec, studyId, workers, postgres, gateway, giveUp, noReport };
        command.Subcommands.Add(CreateList());
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
            await using var session = r.GetValue(gateway) is null ? await EmbeddedCluster.StartAsync(r.GetValue(workers), database, cancellation) : null;
            await using var study = session is null
                ? await FollowedStudy.ConnectAsync(new ClusterTarget(r.GetValue(gateway)!.Value, null), id, r.GetValue(giveUp), cancellation)
                : FollowedStudy.Embedded(session.Client, id);
            // Submitting again is harmless (a study resumes; a point that exists is only read), so it rides through faults too.
            var status = await study.AskAsync(g => g.Submit(text), null, cancellation);
            int reused = status.PointsFinished;
            if (reused > 0) AnsiConsole.WriteLine($"resumed: {reused} of {points.Count} points already finished (read, not recomputed)");
            status = await FollowAsync(study, points, status, cancellation);
            AnsiConsole.WriteLine(StudyOutput.FinalLine(status));
            var results = await study.AskAsync(g => new GrainStudyView(g).GetResults(), null, cancellation);
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

    private static Command CreateResults()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" }.OneOf("table", "json");
        return Query("results", "print a study's estimates per point and its fitted rates", async (view, _, r) =>
        {
            var results = await view.GetResults();
            if (r.GetValue(format) == "json")
            {
                Console.Out.WriteLine(StudyFitsJson.WriteResults(results));
                return 0;
            }
            AnsiConsole.WriteLine(StudyOutput.FinalLine(await view.GetStatus()));
            StudyOutput.WriteResults(results);
            return 0;
        }, format);
    }

    private static Command CreateList()
    {
        var command = new Command("list", "list the studies the cluster knows (with --postgres: the studies in the database)");
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var where = target.Resolve(r);
            var studies = new List<StudyStatusReport>();
            if (where.Postgres is { } postgres)
            {
                await using var reader = StudyTables.OpenReader(postgres);
                studies.AddRange(await reader.ListAsync(cancellation));
            }
            else
            {
                await using var connection = await ClusterConnection.ConnectAsync(where, cancellation);
                foreach (var listing in await connection.Client.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.StudiesKey).List())
                {
                    var grain = connection.Client.GetGrain<IStudyGrain>(listing.JobId);
                    if (await grain.GetSpec() is not null) studies.Add(await grain.GetStatus());
                }
            }
            StudyOutput.WriteList(studies);
            return 0;
        }));
        return command;
    }

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

    /// <summary>
    /// One display for the whole study: a bar over all its realisations on a terminal, a line per finished point otherwise;
    /// a silent study grain (its silo or the gateway lost) is said once, and followed again where it comes back.
    /// </summary>
    private static async Task<StudyStatusReport> FollowAsync(FollowedStudy study, IReadOnlyList<StudyPoint> points, StudyStatusReport status,
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
        bool said = false;
        void Lost(TimeSpan silent)
        {
            if (said || silent < TimeSpan.FromSeconds(1)) return;
            said = true;
            Console.Error.WriteLine(
                $"{status.StudyId}: the study grain stopped answering; reconnecting (giving up after {Duration.Describe(study.GiveUpAfter)})");
        }
        async Task<StudyStatusReport> Poll()
        {
            await Task.Delay(PollEvery, cancellation);
            var next = await study.AskAsync(g => g.GetStatus(), Lost, cancellation);
            said = false;
            return next;
        }
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            Announce(status);
            while (!status.IsFinished)
            {
                status = await Poll();
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
                    status = await Poll();
                }
                task.StopTask();
            });
        Announce(status);
        return status;
    }
}
