using System.Globalization;
using Ensemble.Reports.Data;
using Ensemble.Simulation.Studies;
using ScottPlot;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// A study's error against its grid parameter on log-log axes: |estimate| ± se as error bars, the fitted line with
/// its slope ± se and 95% CI in the legend (or, when the fit is not meaningful, why, and no line), the noise floor
/// where the observable has one, and the papers' predicted slope as a dotted reference line.
/// </summary>
public static class RateFigure
{
    public static void Render(string path, StudySeries series, string parameter, RateFit fit, PredictedRate? predicted)
    {
        var points = series.Points.Where(p => p.Parameter > 0 && p.Value != 0).OrderBy(p => p.Parameter).ToArray();
        string symbol = ParameterSymbol(parameter);
        var plot = FigureStyle.NewPlot($"{series.Label} vs {symbol} at t = {series.Time:G4}", symbol, $"|{series.Observable}|");
        double[] x = points.Select(p => LogAxes.Log(p.Parameter)).ToArray();
        double[] y = points.Select(p => LogAxes.Log(Math.Abs(p.Value))).ToArray();
        double[] up = points.Select(p => LogAxes.Log(Math.Abs(p.Value) + p.StandardError) - LogAxes.Log(Math.Abs(p.Value))).ToArray();
        // A lower end at or below zero has no logarithm: the bar is drawn down to a thousandth of the value.
        double[] down = points
            .Select(p => LogAxes.Log(Math.Abs(p.Value)) - LogAxes.Log(Math.Max(Math.Abs(p.Value) - p.StandardError, 1e-3 * Math.Abs(p.Value))))
            .ToArray();
        var colour = FigureStyle.Series(0);
        var bars = new ScottPlot.Plottables.ErrorBar(x, y, null, null, up, down) { Color = colour, LineWidth = 2.5f, CapSize = 10 };
        bars.LegendText = "estimate ± 1 se";
        plot.Add.Plottable(bars);
        var markers = plot.Add.ScatterPoints(x, y, colour);
        markers.MarkerSize = 11;
        var floors = series.Points.Where(p => p.Floor is > 0).OrderBy(p => p.Parameter).ToArray();
        if (floors.Length > 0)
        {
            var floor = plot.Add.Scatter(floors.Select(p => LogAxes.Log(p.Parameter)).ToArray(), floors.Select(p => LogAxes.Log(p.Floor!.Value)).ToArray(),
                Colors.Gray);
            floor.LinePattern = LinePattern.Dotted;
            floor.MarkerSize = 8;
            floor.LegendText = "noise floor (what sampling alone gives)";
        }
        if (x.Length > 0)
        {
            double x0 = x.Min(), x1 = x.Max();
            if (fit.Verdict == RateVerdict.Meaningful)
            {
                double At(double lx) => (fit.Intercept + fit.Slope * lx * Math.Log(10)) / Math.Log(10);
                var line = plot.Add.ScatterLine(new[] { x0, x1 }, new[] { At(x0), At(x1) }, colour.Darken(0.3));
                line.LineWidth = 2.5f;
                line.LegendText = string.Create(CultureInfo.InvariantCulture,
                    $"fit: slope {fit.Slope:F2} ± {fit.SlopeStandardError:F2} (95% CI [{fit.Lower95:F2}, {fit.Upper95:F2}])");
            }
            else
            {
                var none = plot.Add.ScatterLine(new[] { x0 }, new[] { y[0] }, colour.Darken(0.3));
                none.LegendText = $"no fitted rate: {fit.Explanation}";
            }
            if (predicted is not null)
            {
                // Through the fit's centre when there is a fit, else through the points' centre: only the slope is predicted.
                double c = fit.Verdict == RateVerdict.Meaningful
                    ? (fit.Intercept / Math.Log(10) + fit.Slope * x.Average()) - predicted.Slope * x.Average()
                    : y.Average() - predicted.Slope * x.Average();
                var reference = plot.Add.ScatterLine(new[] { x0, x1 }, new[] { c + predicted.Slope * x0, c + predicted.Slope * x1 }, Colors.Black);
                reference.LinePattern = LinePattern.Dotted;
                reference.LineWidth = 2;
                reference.LegendText = string.Create(CultureInfo.InvariantCulture, $"predicted slope {predicted.Slope:+0.##;−0.##} ({predicted.Source})");
            }
            double[] values = points.Select(p => Math.Abs(p.Value)).Concat(floors.Select(p => p.Floor!.Value)).ToArray();
            LogAxes.Apply(plot, points.Min(p => p.Parameter), points.Max(p => p.Parameter), values.Min(), values.Max());
        }
        // A falling error leaves the lower left empty, a rising one the lower right; room below the points for the legend.
        bool rising = y.Length > 1 && y[^1] > y[0];
        FigureStyle.ShowLegend(plot, rising ? Alignment.LowerRight : Alignment.LowerLeft);
        plot.Axes.Margins(0.06, 0.06, 0.4, 0.08);
        FigureStyle.Save(plot, path);
    }

    public static string ParameterSymbol(string parameter) => parameter.ToLowerInvariant() switch
    {
        "n" => "particles per species N",
        "eta" => "kernel width η",
        "eps" => "mollifier width ε",
        "dt" => "time step Δt",
        _ => parameter,
    };
}
