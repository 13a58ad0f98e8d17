using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// Log-log axes: ScottPlot's axes are linear, so figures plot log10 of their data and these ticks label the
/// positions with the values themselves (1, 2, 5 × 10^k, or every integer multiple when a range spans less than a
/// decade), with minor ticks at the other multiples.
/// </summary>
public static class LogAxes
{
    public static double Log(double x) => Math.Log10(x);

    /// <summary>Log ticks on both axes; <paramref name="xAt"/>, when given, are the x axis's labelled ticks instead (e.g. R = 8, 16, 32).</summary>
    public static void Apply(Plot plot, double xMin, double xMax, double yMin, double yMax, IEnumerable<double>? xAt = null)
    {
        plot.Axes.Bottom.TickGenerator = xAt is null ? Ticks(xMin, xMax) : At(xAt);
        plot.Axes.Left.TickGenerator = Ticks(yMin, yMax);
    }

    /// <summary>Ticks for log10 positions covering values in [min, max] (positive).</summary>
    public static NumericManual Ticks(double min, double max)
    {
        var ticks = new NumericManual();
        int lo = (int)Math.Floor(Math.Log10(min)) - 1, hi = (int)Math.Ceiling(Math.Log10(max)) + 1;
        bool narrow = Math.Log10(max) - Math.Log10(min) < 1.5;
        for (int k = lo; k <= hi; k++)
        for (int m = 1; m <= 9; m++)
        {
            double value = m * Math.Pow(10, k);
            bool major = m == 1 || ((m == 2 || m == 5) && (narrow || hi - lo <= 6)) || narrow;
            if (major) ticks.AddMajor(Math.Log10(value), Label(value));
            else ticks.AddMinor(Math.Log10(value));
        }
        return ticks;
    }

    public static NumericManual At(IEnumerable<double> values)
    {
        var ticks = new NumericManual();
        foreach (double value in values.Distinct()) ticks.AddMajor(Math.Log10(value), Label(value));
        return ticks;
    }

    public static string Label(double value) =>
        value >= 1e-3 && value < 1e5 ? value.ToString("G4", CultureInfo.InvariantCulture) : value.ToString("0.#e0", CultureInfo.InvariantCulture);
}
