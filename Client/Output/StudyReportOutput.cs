using Ensemble.Jobs.Studies;
using Ensemble.Reports.Data;
using Ensemble.Reports.Writing;
using Ensemble.Simulation.Studies;

namespace Ensemble.Client.Output;

/// <summary>
/// A study's report (report.md and its rate figures) from its <see cref="StudyResults"/>: one figure per fitted estimate
/// and grid axis (and, on a two-axis grid, per value of the other axis), with the rate the study fitted.
/// A one-axis study's report is the folder itself; a two-axis study gets one report per axis, in vs-AXIS/.
/// </summary>
public static class StudyReportOutput
{
    /// <summary>Writes the report(s) into <paramref name="folder"/>; returns the path of the (first) report.md.</summary>
    public static string Write(string folder, StudyResults results, string specText)
    {
        var axes = results.Fits.SelectMany(f => f.Rates).Select(r => r.Against).Distinct().ToArray();
        if (axes.Length == 0) axes = [.. results.Axes.Take(1)];
        string first = "";
        foreach (var axis in axes)
        {
            string path = axes.Length == 1 ? folder : Path.Combine(folder, $"vs-{axis.Name()}");
            var written = StudyReport.Write(path, Input(results, specText, axis));
            if (first.Length == 0) first = Path.Combine(written.Path, ReportFolder.Markdown);
        }
        return first;
    }

    public static StudyReportInput Input(StudyResults results, string specText, StudyParameter axis)
    {
        var series = new List<StudySeries>();
        foreach (var fit in results.Fits)
        {
            var target = fit.Target;
            var rates = fit.Rates.Where(r => r.Against == axis).ToArray();
            foreach (var rate in rates)
            {
                var points = rate.PointIndices
                    .Select(i => (Point: results.Points.Single(p => p.Index == i), Estimate: fit.Estimates.SingleOrDefault(e => e.Index == i)))
                    .Where(x => x.Estimate is not null && double.IsFinite(x.Estimate.Mean) && double.IsFinite(x.Estimate.StandardError))
                    .Select(x => new RatePoint(x.Point.Parameters.Single(v => v.Parameter == axis).Value, x.Estimate!.Mean, x.Estimate.StandardError,
                        x.Estimate.Floor, x.Estimate.FloorStandardError))
                    .ToArray();
                // On a two-axis grid the other axis' value tells the series apart.
                string component = rate.Fixed.Count == 0 ? target.Component : $"{target.Component} at {string.Join(", ", rate.Fixed)}";
                series.Add(new StudySeries(target.Observable, target.Species, target.Time, component, points, rate.Fit));
            }
        }
        return new StudyReportInput(results.StudyId, specText, ParameterName(axis), series);
    }

    /// <summary>The report's names for the axes (N for the particle count).</summary>
    private static string ParameterName(StudyParameter axis) => axis == StudyParameter.Particles ? "N" : axis.Name();
}
