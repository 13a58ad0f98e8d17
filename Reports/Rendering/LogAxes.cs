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
        foreach (var (position, label) in TickMarks(min, max))
        {
            if (label is null) ticks.AddMinor(position);
            else ticks.AddMajor(position, label);
        }
        return ticks;
    }

    /// <summary>The log10 positions of the ticks for [min, max], each with its label (null for a minor tick).</summary>
    public static IReadOnlyList<(double Position, string? Label)> TickMarks(double min, double max)
    {
        var marks = new List<(double, string?)>();
        int lo = (int)Math.Floor(Math.Log10(min)) - 1, hi = (int)Math.Ceiling(Math.Log10(max)) + 1;
        double span = Math.Log10(max) - Math.Log10(min);
        // Fewer labelled multiples as the range widens, so labels never run into each other at 1200 px.
        int[] labelled = span < 0.7 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : span < 2.5 ? [1, 2, 3, 5] : hi - lo <= 7 ? [1, 2, 5] : [1];
        for (int k = lo; k <= hi; k++)
        for (int m = 1; m <= 9; m++)
        {
            double value = m * Math.Pow(10, k);
            marks.Add((Math.Log10(value), labelled.Contains(m) ? Label(value) : null));
        }
        return marks;
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
