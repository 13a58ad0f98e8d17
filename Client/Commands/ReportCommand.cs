using System.CommandLine;
using Ensemble.Client.Output;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>report JOB [--out DIR]</c>: writes the job's report (report.md and its PNG figures) to DIR, default
/// results/JOB/report, and prints the path of its report.md. <c>--replay-seconds S</c> bounds the time the first
/// seeds take to re-run here (default 5 s).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "folder for report.md and figures/ (default results/<job>/report)" };
        var replay = new Option<int>("--replay-seconds")
        {
            Description = "time the first seeds (at most 64) may take to re-run here, for the spread of realisations and se vs R",
            DefaultValueFactory = _ => (int)JobReportOutput.DefaultReplayBudget.TotalSeconds,
        }.Within(0, 86_400);
        return JobCommand.CreateQuery("report", "write a job's report: report.md with PNG figures", async (job, r, _) =>
        {
            var definition = await job.GetDefinition();
            // Checked before anything is re-run or drawn.
            string folder = JobReportOutput.Prepare(r.GetValue(output), definition.JobId);
            string markdown = await JobReportOutput.WriteAsync(job, folder, TimeSpan.FromSeconds(r.GetValue(replay)));
            Console.WriteLine($"report written to {JobReportOutput.Describe(markdown)}");
            return 0;
        }, output, replay);
    }
}
