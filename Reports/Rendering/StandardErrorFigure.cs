using Ensemble.Reports.Data;
using ScottPlot;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// The standard error of chosen estimates against the number of realisations R on log-log axes, each with an
/// R^-1/2 reference line through the geometric centre of its points: Monte Carlo error should fall along it.
/// </summary>
public static class StandardErrorFigure
{
    public static void Render(string path, IReadOnlyList<StandardErrorSeries> series)
    {
        // Where the points come from is said in the report's sentence: a long phrase here would not fit under the axis.
        var plot = FigureStyle.NewPlot("Standard error vs realisations R", "realisations R", "standard error se(R)");
        var all = series.SelectMany(s => s.Points).Where(p => p.StandardError > 0 && p.Realisations > 0).ToArray();
        for (int k = 0; k < series.Count; k++)
        {
            var points = series[k].Points.Where(p => p.StandardError > 0 && p.Realisations > 0).ToArray();
            if (points.Length == 0) continue;
            double[] x = points.Select(p => LogAxes.Log(p.Realisations)).ToArray();
            double[] y = points.Select(p => LogAxes.Log(p.StandardError)).ToArray();
            var colour = FigureStyle.Series(k);
            var line = plot.Add.Scatter(x, y, colour);
            line.LineWidth = 2.5f;
            line.MarkerSize = 10;
            line.LegendText = $"se of {series[k].Label}";
            // log se = c - log R / 2, c the mean over the points.
            double c = x.Zip(y, (a, b) => b + 0.5 * a).Average();
            var reference = plot.Add.ScatterLine(new[] { x.Min(), x.Max() }, new[] { c - 0.5 * x.Min(), c - 0.5 * x.Max() }, colour);
            reference.LinePattern = LinePattern.Dashed;
            reference.LineWidth = 2;
            reference.LegendText = $"R^(−1/2) reference for {series[k].Label}";
        }
        if (all.Length > 0)
            LogAxes.Apply(plot, all.Min(p => p.Realisations), all.Max(p => p.Realisations), all.Min(p => p.StandardError), all.Max(p => p.StandardError),
                all.Select(p => (double)p.Realisations));
        FigureStyle.ShowLegend(plot, Alignment.LowerLeft);
        plot.Axes.Margins(0.06, 0.06, 0.4, 0.08);
        FigureStyle.Save(plot, path);
    }
}
