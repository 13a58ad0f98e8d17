using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Dashboard.Reading;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Errors;
using Ensemble.Reports.Replay;
using Ensemble.Storage.Jobs;
using Ensemble.Storage.Studies;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>report ID [--out DIR]</c>: writes the report (report.md and its PNG figures) of the job ID, or, when no job has
/// that id, of the study ID, to DIR (default results/ID/report), and prints the path of its report.md.
/// <c>--replay-seeds K</c>: how many of a job's first seeds are re-run here (default: a figure of the spec and R, at most 64).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "folder for report.md and figures/ (default results/<id>/report)" };
        var replay = new Option<int?>("--replay-seeds")
        {
            Description = $"how many of the job's first seeds to re-run here, for the spread of realisations and se vs R (0 to {SeedReplay.MaxSeeds}; "
                + $"default min(R, {SeedReplay.DefaultMaxSeeds}, what {SeedReplay.DefaultNominalCoreSeconds:0} s of one core buys at the nominal rate))",
        }.Within(0, SeedReplay.MaxSeeds);
        var (command, id, target) = JobCommand.Shape("report", "write a job's or a study's report: report.md with PNG figures", [output, replay]);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            string name = r.GetValue(id)!;
            var where = target.Resolve(r);
            if (where.Postgres is { } postgres)
            {
                await using var jobs = PostgresJobArchive.OpenReader(postgres);
                if (await IsJob(() => jobs.DefinitionAsync(name, cancellation)))
                    return await ReportJob(new DatabaseJobView(jobs, name), r.GetValue(output), r.GetValue(replay));
                await using var studies = StudyTables.OpenReader(postgres);
                try
                {
                    return await ReportStudy(new DatabaseStudyView(studies, name), r.GetValue(output));
                }
                catch (JobRejectedException e) when (e.Kind == ErrorKind.UnknownJob)
                {
                    throw JobRejectedException.UnknownJob(name, "or study in the database");
                }
            }
            await using var connection = await ClusterConnection.ConnectAsync(where, cancellation);
            var job = connection.Client.GetGrain<IJobGrain>(name);
            if (await job.GetDefinition() is not null) return await ReportJob(new GrainJobView(job), r.GetValue(output), r.GetValue(replay));
            var study = connection.Client.GetGrain<IStudyGrain>(name);
            if (await study.GetSpec() is null) throw JobRejectedException.UnknownJob(name, "or study has been submitted");
            return await ReportStudy(new GrainStudyView(study), r.GetValue(output));
        }));
        return command;
    }

    private static async Task<bool> IsJob(Func<Task> definition)
    {
        try
        {
            await definition();
            return true;
        }
        catch (JobRejectedException e) when (e.Kind == ErrorKind.UnknownJob)
        {
            return false;
        }
    }

    private static async Task<int> ReportJob(IJobView job, string? output, int? replaySeeds)
    {
        var definition = await job.GetDefinition();
        // Checked before anything is re-run or drawn.
        string folder = JobReportOutput.Prepare(output, definition.JobId);
        string markdown = await JobReportOutput.WriteAsync(job, folder, replaySeeds);
        Console.WriteLine($"report written to {JobReportOutput.Describe(markdown)}");
        return 0;
    }

    internal static async Task<int> ReportStudy(IStudyView study, string? output)
    {
        var results = await study.GetResults();
        string folder = JobReportOutput.Prepare(output, results.StudyId);
        string markdown = StudyReportOutput.Write(folder, results, await study.GetSpecText());
        Console.WriteLine($"report written to {JobReportOutput.Describe(markdown)}");
        return 0;
    }
}
