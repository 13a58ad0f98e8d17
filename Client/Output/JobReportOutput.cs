using Ensemble.Client.Cluster;
using Ensemble.Client.Commands;
using Ensemble.Dashboard.Reading;
using Ensemble.Reports.Replay;

namespace Ensemble.Client.Output;

/// <summary>
/// Where a job's report goes (results/ID/report or --out); what it holds is <see cref="JobReportAssembly"/>'s, shared with the dashboard.
/// </summary>
public static class JobReportOutput
{
    public const string FolderName = "report";

    /// <summary>results/ID/report (ID a job or a study), or --out checked as run and results check it.</summary>
    public static string Prepare(string? output, string jobId)
    {
        string folder = output is null ? Path.Combine(ResultsFolder.DefaultFor(jobId), FolderName) : SafePath.OutValue(output, "--out", "a folder path");
        SafePath.CheckWritableFolder(folder, "--out");
        return folder;
    }

    /// <summary>Writes the report into <paramref name="folder"/>; returns the path of its report.md.</summary>
    /// <param name="replaySeeds">How many of the job's first seeds to re-run here (null: the default of <see cref="SeedReplay"/>).</param>
    public static Task<string> WriteAsync(IJobView job, string folder, int? replaySeeds = null) =>
        JobReportAssembly.WriteAsync(new JobViewReading(job, live: job is GrainJobView), folder, replaySeeds);

    public static string Describe(string markdown) => CommandErrors.OneLine(markdown);
}
