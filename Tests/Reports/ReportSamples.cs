using Ensemble.Reports.Data;
using Ensemble.Reports.Rendering;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Simulation.Studies;
using Ensemble.Tests.Service.Limits;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Reports;

/// <summary>Synthetic inputs with known shapes for the figures and the report writers.</summary>
internal static class ReportSamples
{
    public static readonly HistogramSpec Histogram1D = new() { Lower = [-2], Upper = [2], Bins = [20] };
    public static readonly HistogramSpec Histogram2D = new() { Lower = [-2, -2], Upper = [2, 2], Bins = [12, 10] };

    /// <summary>A Gaussian bump of s.d. 0.5 on the histogram's bins, with a CI of ±10%.</summary>
    public static HistogramSlice Bump(HistogramSpec histogram, string species, double time, double shift = 0)
    {
        int nx = histogram.Bins[0], ny = histogram.Bins.Count > 1 ? histogram.Bins[1] : 1;
        double hx = (histogram.Upper[0] - histogram.Lower[0]) / nx;
        double hy = histogram.Bins.Count > 1 ? (histogram.Upper[1] - histogram.Lower[1]) / ny : 1;
        var mean = new double[nx * ny];
        for (int iy = 0; iy < ny; iy++)
        for (int ix = 0; ix < nx; ix++)
        {
            double x = histogram.Lower[0] + (ix + 0.5) * hx - shift, y = ny == 1 ? 0 : histogram.Lower[1] + (iy + 0.5) * hy;
            mean[ix + nx * iy] = Math.Exp(-(x * x + y * y) / 0.5);
        }
        return new HistogramSlice(species, time, mean, mean.Select(m => 0.9 * m).ToArray(), mean.Select(m => 1.1 * m).ToArray());
    }

    /// <summary>A 1D PDE density of 80 cells on [-2, 2] for species s0 at <paramref name="time"/>.</summary>
    public static LimitTables Limit1D(double time)
    {
        var values = Enumerable.Range(0, 80).Select(i => Math.Exp(-Math.Pow(-2 + (i + 0.5) * 0.05, 2) / 0.5)).ToArray();
        var diagnostics = new LimitDiagnosticsRow("nonlocal", [-2.0], [80], 0.05, 4, 1e-3, "direct", 0, 0, 0, 0.01);
        var moments = new[] { 0.0, 0.5, 1.0 }.Select(t => new LimitRow("nonlocal", "s0", t, "mean", "x", 0.1 * t)).ToArray();
        return new LimitTables(moments, [new LimitDensity("nonlocal", "s0", time, values)], [diagnostics]);
    }

    /// <summary>Estimates of s0's mean x at three times, and a matching spread band.</summary>
    public static (EstimateRow[] Rows, RealisationSpread Spread) MeanOverTime()
    {
        double[] times = [0.0, 0.5, 1.0];
        var rows = times.Select(t => new EstimateRow("mean", "s0", t, "x", 64, 0.1 * t, 0.01, 0.1 * t - 0.02, 0.1 * t + 0.02, -1, 1)).ToArray();
        var spread = new RealisationSpread(64, 0.05, 0.95,
            times.Select(t => new SpreadRow("mean", "s0", t, "x", 0.1 * t - 0.15, 0.1 * t, 0.1 * t + 0.15)).ToArray());
        return (rows, spread);
    }

    /// <summary>se = 0.2 / sqrt(R) at R = 8 … 64, as Monte Carlo gives it.</summary>
    public static StandardErrorSeries StandardErrors() =>
        new("mean", "s0", 1.0, "x", "synthetic", new long[] { 8, 16, 32, 64 }.Select(r => new StandardErrorPoint(r, 0.1, 0.2 / Math.Sqrt(r))).ToArray());

    /// <summary>A coupling error 3/N (slope −1) with 5% noise, at N = 100 … 1600.</summary>
    public static StudySeries CouplingAgainstN()
    {
        double[] n = [100, 200, 400, 800, 1600];
        double[] wiggle = [1.03, 0.98, 1.01, 0.97, 1.02];
        var points = n.Select((x, i) => new RatePoint(x, 3.0 / x * wiggle[i], 0.05 * 3.0 / x)).ToArray();
        return new StudySeries("coupling_sup_sq", "all", 0.1, "nonlinear", points);
    }

    /// <summary>A real 1D spec (two species of 40 particles, a limit, a histogram): small enough to re-run in a test.</summary>
    public static SimulationSpec TinyWithLimit() =>
        LimitSamples.Solvable() with { Observables = new ObservablesSpec { Histogram = new HistogramSpec { Lower = [-2.5], Upper = [2.5], Bins = [10] } } };

    public static SimulationSpec Tiny() => TestSpecs.Pairwise(1, 40, [[0.5]], eta: 0.4, steps: 4,
        observables: new ObservablesSpec { Histogram = new HistogramSpec { Lower = [-2.5], Upper = [2.5], Bins = [10] } });
}
