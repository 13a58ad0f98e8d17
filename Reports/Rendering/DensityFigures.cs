using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using ScottPlot;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// Density snapshots: the ensemble-averaged histogram with its 95% CI against the PDE density. In 1D one figure per
/// output time (every species, the CI as a band, each equation's cell averages as a dashed line); in 2D one figure
/// per time and species: the particles' histogram and the PDE's bin averages side by side on one colour scale, and
/// their difference on a diverging one.
/// </summary>
public static class DensityFigures
{
    public static void Render1D(string path, double time, IReadOnlyList<HistogramSlice> species, HistogramSpec histogram, LimitTables limit)
    {
        double lower = histogram.Lower[0], width = (histogram.Upper[0] - lower) / histogram.Bins[0];
        double[] centres = Enumerable.Range(0, histogram.Bins[0]).Select(i => lower + (i + 0.5) * width).ToArray();
        var plot = FigureStyle.NewPlot($"Density at t = {time:G4}: particles vs PDE", "x", "density ρ(x)");
        for (int k = 0; k < species.Count; k++)
        {
            var slice = species[k];
            var colour = FigureStyle.Series(k);
            var band = plot.Add.FillY(centres, Finite(slice.Low), Finite(slice.High));
            band.FillColor = colour.WithAlpha(0.3);
            band.LineWidth = 0;
            band.LegendText = $"{slice.Species}: 95% CI of the ensemble-averaged histogram";
            var line = plot.Add.ScatterLine(centres, Finite(slice.Mean), colour);
            line.LineWidth = 2.5f;
            line.LegendText = $"{slice.Species}: ensemble-averaged histogram";
            int e = 0;
            foreach (var density in limit.Densities.Where(d => d.Species == slice.Species && Data.RealisationSpread.SameTime(d.Time, time)))
            {
                var grid = limit.Diagnostics.First(x => x.Equation == density.Equation);
                double[] x = Enumerable.Range(0, density.Values.Length).Select(i => grid.Lower[0] + (i + 0.5) * grid.Spacing).ToArray();
                var pde = plot.Add.ScatterLine(x, density.Values, colour.Darken(0.35 * e));
                pde.LineWidth = 2;
                pde.LinePattern = e == 0 ? LinePattern.Dashed : LinePattern.Dotted;
                pde.LegendText = $"{slice.Species}: {density.Equation} PDE density";
                e++;
            }
        }
        // Head room above the densities for the legend, so it covers none of them.
        plot.Axes.Margins(0, 0, 0.03, 0.45);
        plot.Axes.SetLimitsX(lower, histogram.Upper[0]);
        FigureStyle.ShowLegend(plot);
        FigureStyle.Save(plot, path);
    }

    /// <summary>
    /// 2D: particles | PDE (<paramref name="equation"/>'s bin averages) | particles − PDE; without a PDE, the
    /// particles' histogram alone.
    /// </summary>
    public static void Render2D(string path, HistogramSlice particles, double[]? pde, string? equation, HistogramSpec histogram)
    {
        int nx = histogram.Bins[0], ny = histogram.Bins[1];
        var extent = new CoordinateRect(histogram.Lower[0], histogram.Upper[0], histogram.Lower[1], histogram.Upper[1]);
        double top = Math.Max(Max(particles.Mean), pde is null ? 0 : Max(pde));
        var panels = new List<Plot>
        {
            Panel($"{particles.Species}: particles, t = {particles.Time:G4}", particles.Mean, nx, ny, extent, new ScottPlot.Range(0, top),
                new ScottPlot.Colormaps.Viridis(), "ensemble-averaged histogram ρ"),
        };
        if (pde is not null)
        {
            panels.Add(Panel($"{equation} PDE, t = {particles.Time:G4}", pde, nx, ny, extent, new ScottPlot.Range(0, top),
                new ScottPlot.Colormaps.Viridis(), "PDE bin average ρ"));
            double[] difference = particles.Mean.Zip(pde, (a, b) => a - b).ToArray();
            double reach = Math.Max(Max(difference.Select(Math.Abs).ToArray()), 1e-300);
            panels.Add(Panel("particles − PDE", difference, nx, ny, extent, new ScottPlot.Range(-reach, reach),
                new ScottPlot.Colormaps.Balance(), "difference Δρ"));
        }
        var figure = new Multiplot();
        while (figure.Subplots.Count > 0) figure.Subplots.RemoveAt(0);
        foreach (var panel in panels) figure.Subplots.Add(panel);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        FigureStyle.Save(figure, path, panels.Count == 1 ? FigureStyle.Height : FigureStyle.PanelRowHeight);
    }

    private static Plot Panel(string title, double[] values, int nx, int ny, CoordinateRect extent, ScottPlot.Range range, IColormap colours,
        string barLabel)
    {
        var plot = FigureStyle.NewPlot(title, "x", "y");
        plot.Axes.Title.Label.FontSize = FigureStyle.LabelSize;
        var cells = new double[ny, nx];
        // Bins are x fastest from the lower corner; a heat map's row 0 is drawn at the top.
        for (int iy = 0; iy < ny; iy++)
        for (int ix = 0; ix < nx; ix++)
            cells[ny - 1 - iy, ix] = values[ix + nx * iy];
        var map = plot.Add.Heatmap(cells);
        map.Extent = extent;
        map.Colormap = colours;
        map.ManualRange = range;
        var bar = plot.Add.ColorBar(map);
        bar.Label = barLabel;
        bar.LabelStyle.FontSize = FigureStyle.TickSize;
        bar.Axis.TickLabelStyle.FontSize = FigureStyle.TickSize - 2;
        plot.Axes.SetLimits(extent);
        // One unit of x as long as one of y: a round blob stays round.
        plot.Axes.SquareUnits();
        return plot;
    }

    private static double Max(double[] values) => values.Where(double.IsFinite).DefaultIfEmpty(0).Max();

    private static double[] Finite(double[] values) => values.Select(v => double.IsFinite(v) ? v : 0).ToArray();
}
