using Ensemble.Jobs.Contracts;
using Ensemble.Reports.Data;
using Ensemble.Reports.Replay;
using Ensemble.Reports.Writing;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// A job's report (report.md and its figures), read through the same questions <c>results</c> asks (status, estimates, limit,
/// records), with the first seeds re-run here for the spread of single realisations and the standard error against R. One
/// assembly for the command line's <c>report</c> and <c>run --report</c> (through an adapter of its job view) and the dashboard's
/// report.zip, so the two never drift apart.
/// </summary>
public static class JobReportAssembly
{
    /// <summary>Writes the report into <paramref name="folder"/>; returns the path of its report.md.</summary>
    /// <param name="replaySeeds">How many of the job's first seeds to re-run here (null: <see cref="SeedReplay.DefaultSeeds"/>).</param>
    public static async Task<string> WriteAsync(IJobReading job, string folder, int? replaySeeds = null)
    {
        var definition = await job.GetDefinition();
        var status = await job.GetStatus();
        var estimates = await job.GetEstimates(new EstimateQuery());
        var limit = await job.GetLimit();
        int seeds = (int)Math.Min(definition.Realisations, replaySeeds ?? SeedReplay.DefaultMaxSeeds);
        var records = await job.GetRealisations(0, seeds);
        double setup = limit.Diagnostics.Sum(d => d.ElapsedSeconds);
        // A job with nothing to show (its limit failed, or every realisation did) has no seeds worth re-running.
        var replay = status.Succeeded == 0
            ? new SeedReplay.Outcome(null, [], 0, "no seeds were re-run: the job has no successful realisation")
            : SeedReplay.RunForReport(definition.SpecJson, definition.MasterSeed, definition.Realisations, replaySeeds, setup,
                index => index < records.Length && records[index].State == RealisationState.Succeeded ? records[index].Checksum : null);
        // The coordinator's record covers all R seeds: it replaces the re-run seeds' series of the same estimate, not a second line of it.
        var standardErrors = Recorded(await job.GetPrefixHistory()) is { } recorded
            ? [recorded, .. replay.StandardErrors.Where(s => (s.Observable, s.Species, s.Time, s.Component) != (recorded.Observable, recorded.Species,
                recorded.Time, recorded.Component))]
            : replay.StandardErrors;
        var input = new JobReportInput(definition.JobId, definition.SpecJson, definition.MasterSeed, definition.Realisations,
            status.Status.ToString().ToLowerInvariant(), estimates.Partial, estimates.Rows, limit.Tables, replay.Spread, standardErrors, replay.Note);
        var written = JobReport.Write(folder, input);
        return Path.Combine(written.Path, ReportFolder.Markdown);
    }

    /// <summary>The coordinator's se-vs-R record as a figure's series: all R seeds' worth of points, not only the re-run ones.</summary>
    private static StandardErrorSeries? Recorded(PrefixHistory? history)
    {
        if (history is null) return null;
        var points = history.Points.Where(p => double.IsFinite(p.Mean) && double.IsFinite(p.StandardError))
            .Select(p => new StandardErrorPoint(p.Realisations, p.Mean, p.StandardError)).ToArray();
        return points.Length < 2 ? null : new StandardErrorSeries(history.Observable, history.Species, history.Time, history.Component,
            "the coordinator's record: the first R seeds folded in seed order, at R = 8, 16, 32, … and the job's final R", points);
    }
}
