using System.Globalization;
using System.Text;
using Ensemble.Reports.Data;
using Ensemble.Reports.Rendering;
using Ensemble.Simulation.Studies;

namespace Ensemble.Reports.Writing;

/// <summary>
/// Writes a study's report folder: per observable, the error against the grid parameter on log-log axes with the
/// fitted slope and the papers' predicted one, and report.md with the study spec, a sentence per figure, the table
/// of points and the fitted slopes with their CIs and pairwise orders.
/// </summary>
public static class StudyReport
{
    public static ReportFolder Write(string path, StudyReportInput study)
    {
        var folder = new ReportFolder(path);
        var fitted = new List<(StudySeries Series, RateFit Fit, PredictedRate? Predicted)>();
        foreach (var series in study.Series)
        {
            var fit = series.Fit ?? RateFitter.Fit(series.Points);
            var predicted = series.Predicted ?? PredictedRates.For(series.Observable, series.Component, study.Parameter);
            fitted.Add((series, fit, predicted));
            string symbol = RateFigure.ParameterSymbol(study.Parameter);
            string reference = predicted is null
                ? "No paper predicts a rate for this observable, so no reference line is drawn."
                : $"The dotted line has the predicted slope {Number(predicted.Slope)} ({predicted.Source}); only its slope is predicted, "
                  + "so it is drawn through the points.";
            string file = folder.Add($"rate-{ReportFolder.Safe(series.Observable)}-{ReportFolder.Safe(series.Component)}-{ReportFolder.Safe(series.Species)}",
                $"{series.Label} vs {study.Parameter}",
                $"|{series.Label}| at t = {Number(series.Time)} against {symbol} on log-log axes, each point ± 1 standard error; "
                + (fit.Verdict == RateVerdict.Meaningful ? "the solid line is the weighted least-squares fit" : "no line is fitted")
                + $": {fit.Explanation} {reference}");
            RateFigure.Render(file, series, study.Parameter, fit, predicted);
        }
        folder.WriteMarkdown(Markdown(study, folder, fitted));
        return folder;
    }

    private static string Markdown(StudyReportInput study, ReportFolder folder, List<(StudySeries Series, RateFit Fit, PredictedRate? Predicted)> fitted)
    {
        var text = new StringBuilder();
        text.Append($"# Report of study `{study.StudyId}`\n\n");
        text.Append($"Grid parameter: **{study.Parameter}**; {study.Series.Count} observable{(study.Series.Count == 1 ? "" : "s")}.\n\n");
        text.Append("## Fitted slopes\n\n");
        Writing.Markdown.Table(text, ["observable", "points", "slope", "se", "95% CI", "predicted", "verdict", "pairwise orders"],
            fitted.Select(f => new[]
            {
                f.Series.Label, f.Fit.Points.ToString(CultureInfo.InvariantCulture), Number(f.Fit.Slope), Number(f.Fit.SlopeStandardError),
                Writing.Markdown.Interval(f.Fit.Lower95, f.Fit.Upper95), f.Predicted is null ? "—" : $"{Number(f.Predicted.Slope)} ({f.Predicted.Source})",
                f.Fit.Verdict == RateVerdict.Meaningful ? "meaningful" : f.Fit.Explanation, string.Join(", ", f.Fit.PairwiseOrders.Select(Number)),
            }));
        text.Append("## Figures\n\n");
        foreach (var figure in folder.Entries) text.Append($"- [{figure.Title}]({figure.File})\n");
        text.Append('\n');
        foreach (var figure in folder.Entries) Writing.Markdown.Figure(text, figure);
        text.Append("## Points\n\n");
        Writing.Markdown.Table(text, ["observable", study.Parameter, "estimate", "se", "noise floor"],
            study.Series.SelectMany(s => s.Points.OrderBy(p => p.Parameter).Select(p => new[]
            {
                s.Label, Number(p.Parameter), Number(p.Value), Number(p.StandardError), p.Floor is { } floor ? Number(floor) : "—",
            })));
        text.Append("## Study spec\n\n```json\n").Append(study.SpecText.TrimEnd()).Append("\n```\n");
        return text.ToString();
    }

    private static string Number(double x) => Writing.Markdown.Number(x);
}
