using Ensemble.Reports.Data;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Statistics;
using ScottPlot;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// One moment of one species over the output times: the estimate with its 95% CI as a dark band, the spread of
/// single realisations (quantiles over the re-run seeds) as a separate, lighter band, and each PDE's moment as a
/// dashed line. The legend names which band is which, since the two differ by a factor of about √R.
/// </summary>
public static class MomentFigure
{
    public static void Render(string path, string observable, string component, string species, IReadOnlyList<EstimateRow> rows,
        RealisationSpread? spread, LimitTables limit)
    {
        var ordered = rows.OrderBy(r => r.Time).ToArray();
        double[] t = ordered.Select(r => r.Time).ToArray();
        string symbol = Symbol(observable, component);
        var plot = FigureStyle.NewPlot($"{species}: {symbol} over time", "time t", symbol);
        var estimate = FigureStyle.Series(0);
        long count = ordered.Length > 0 ? ordered[^1].Count : 0;
        if (spread is not null)
        {
            var quantiles = ordered.Select(r => spread.Find(observable, species, r.Time, component)).ToArray();
            if (quantiles.All(q => q is not null))
            {
                var band = plot.Add.FillY(t, quantiles.Select(q => q!.Lower).ToArray(), quantiles.Select(q => q!.Upper).ToArray());
                band.FillColor = Colors.Orange.WithAlpha(0.25);
                band.LineColor = Colors.Orange;
                band.LineWidth = 1;
                band.LinePattern = LinePattern.Dotted;
                band.LegendText = $"spread of single realisations: {100 * spread.LowerQuantile:0}%–{100 * spread.UpperQuantile:0}% quantiles "
                    + $"of the first {spread.Seeds} seeds (re-run)";
            }
        }
        if (t.Length > 1)
        {
            var ci = plot.Add.FillY(t, ordered.Select(r => Finite(r.CiLow, r.Mean)).ToArray(), ordered.Select(r => Finite(r.CiHigh, r.Mean)).ToArray());
            ci.FillColor = estimate.WithAlpha(0.45);
            ci.LineWidth = 0;
            ci.LegendText = $"95% CI of the estimate (R = {count})";
        }
        else
        {
            var bars = plot.Add.ErrorBar(t, ordered.Select(r => r.Mean).ToArray(),
                ordered.Select(r => Finite(r.CiHigh, r.Mean) - r.Mean).ToArray());
            bars.Color = estimate;
            bars.LineWidth = 3;
            bars.LegendText = $"95% CI of the estimate (R = {count})";
        }
        var line = plot.Add.Scatter(t, ordered.Select(r => r.Mean).ToArray(), estimate);
        line.LineWidth = 2.5f;
        line.MarkerSize = 9;
        line.LegendText = $"ensemble estimate (mean of R = {count} realisations)";
        int e = 0;
        foreach (var equation in limit.Diagnostics.Select(d => d.Equation))
        {
            var moments = limit.Moments.Where(m => m.Equation == equation && m.Species == species && m.Observable == observable && m.Component == component)
                .OrderBy(m => m.Time).ToArray();
            if (moments.Length == 0) continue;
            var pde = plot.Add.Scatter(moments.Select(m => m.Time).ToArray(), moments.Select(m => m.Value).ToArray(), FigureStyle.Series(2 + e));
            // The equations often agree to the line's width: the first wider and dashed, the next dotted on top.
            pde.LineWidth = e == 0 ? 4 : 2.5f;
            pde.MarkerSize = e == 0 ? 9 : 6;
            pde.LinePattern = e == 0 ? LinePattern.Dashed : LinePattern.Dotted;
            pde.LegendText = $"{equation} PDE ({(e == 0 ? "dashed" : "dotted")})";
            e++;
        }
        FigureStyle.ShowLegend(plot, Alignment.UpperLeft);
        plot.Axes.Margins(0.05, 0.05, 0.05, 0.45);
        FigureStyle.Save(plot, path);
    }

    /// <summary>The moment's symbol: m_x for the mean's x, C_xy for a covariance entry, μ3_x, μ4_x for central moments.</summary>
    public static string Symbol(string observable, string component) => observable switch
    {
        "mean" => $"mean m_{component}",
        "covariance" => $"covariance C_{component}",
        "central_moment_3" => $"3rd central moment μ3_{component}",
        "central_moment_4" => $"4th central moment μ4_{component}",
        _ => $"{observable} {component}",
    };

    private static double Finite(double x, double fallback) => double.IsFinite(x) ? x : fallback;
}
