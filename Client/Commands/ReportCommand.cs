using System.CommandLine;
using Ensemble.Client.Output;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>report JOB [--out DIR]</c>: writes the job's report (report.md and its PNG figures) to DIR, default
/// results/JOB/report, and prints the path of its report.md.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "folder for report.md and figures/ (default results/<job>/report)" };
        return JobCommand.CreateQuery("report", "write a job's report: report.md with PNG figures", async (job, r, _) =>
        {
            var definition = await job.GetDefinition();
            // Checked before anything is re-run or drawn.
            string folder = JobReportOutput.Prepare(r.GetValue(output), definition.JobId);
            string markdown = await JobReportOutput.WriteAsync(job, folder);
            Console.WriteLine($"report written to {JobReportOutput.Describe(markdown)}");
            return 0;
        }, output);
    }
}
