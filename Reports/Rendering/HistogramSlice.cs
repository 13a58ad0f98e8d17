using System.Globalization;
using Ensemble.Reports.Data;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// One species' ensemble-averaged histogram at one time, as the estimates hold it (<c>histogram</c>, components
/// <c>bin{i}</c>, x fastest): per bin the mean density and its 95% CI; and the PDE's own bin averages on the same
/// bins (<c>limit_histogram</c>, component <c>{equation}.bin{i}</c>) when the job has a limit.
/// </summary>
public sealed record HistogramSlice(string Species, double Time, double[] Mean, double[] Low, double[] High)
{
    public static HistogramSlice? From(IReadOnlyList<EstimateRow> estimates, string species, double time, int bins) =>
        FromRows(estimates, "histogram", "bin", species, time, bins);

    /// <summary>The PDE's bin averages of <paramref name="equation"/>, or null without them.</summary>
    public static double[]? Limit(IReadOnlyList<EstimateRow> estimates, string equation, string species, double time, int bins) =>
        FromRows(estimates, "limit_histogram", equation + ".bin", species, time, bins)?.Mean;

    private static HistogramSlice? FromRows(IReadOnlyList<EstimateRow> estimates, string observable, string prefix, string species, double time, int bins)
    {
        double[] mean = Filled(bins), low = Filled(bins), high = Filled(bins);
        int found = 0;
        foreach (var row in estimates)
        {
            if (row.Observable != observable || row.Species != species || !RealisationSpread.SameTime(row.Time, time)) continue;
            if (!row.Component.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!int.TryParse(row.Component.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int bin) || bin >= bins) continue;
            (mean[bin], low[bin], high[bin]) = (row.Mean, row.CiLow, row.CiHigh);
            found++;
        }
        return found == 0 ? null : new HistogramSlice(species, time, mean, low, high);
    }

    private static double[] Filled(int n) => Enumerable.Repeat(double.NaN, n).ToArray();
}
