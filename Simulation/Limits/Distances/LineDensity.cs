namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// A probability density on the line that is constant on each of n equal cells [lower + k w, lower + (k+1) w]:
/// its CDF F is piecewise linear through the cumulative masses at the edges and its quantile Q is piecewise
/// linear in s (with a jump over every empty cell). Normalised by its mass, so F = 0 left of the cells and 1 right.
/// </summary>
public sealed class LineDensity
{
    private readonly double[] _cumulative;

    private LineDensity(double lower, double width, double[] cumulative)
    {
        Lower = lower;
        Width = width;
        _cumulative = cumulative;
    }

    public double Lower { get; }
    public double Width { get; }
    public int Cells => _cumulative.Length - 1;
    public double Upper => Lower + Cells * Width;

    /// <summary>F at the left edge of cell k (k = 0..Cells): 0 at k = 0 and exactly 1 at k = Cells.</summary>
    public double CumulativeAt(int edge) => _cumulative[edge];

    /// <summary>Left edge of cell k.</summary>
    public double Edge(int k) => Lower + k * Width;

    /// <summary>The density of a 1D <see cref="UniformGrid"/> from its cell averages.</summary>
    public static LineDensity Of(UniformGrid grid, ReadOnlySpan<double> density)
    {
        if (grid.Dimension != 1) throw new ArgumentException($"a 1D grid, found {grid.Dimension} axes", nameof(grid));
        if (density.Length != grid.CellCount) throw new ArgumentException($"{grid.CellCount} cell values, found {density.Length}", nameof(density));
        return FromCells(grid.Lower[0], grid.Spacing, density);
    }

    /// <summary>
    /// From cell values proportional to the mass of each cell (cell averages or cell masses: only the ratios count).
    /// Prefix sums in cell order, each divided by the total, so the last edge is exactly 1.
    /// </summary>
    public static LineDensity FromCells(double lower, double width, ReadOnlySpan<double> cells)
    {
        if (cells.Length == 0) throw new ArgumentException("at least one cell", nameof(cells));
        if (!(width > 0) || !double.IsFinite(width) || !double.IsFinite(lower))
            throw new ArgumentException($"a finite lower edge and a positive cell width, found {lower} and {width}");
        var prefix = new double[cells.Length + 1];
        for (int k = 0; k < cells.Length; k++)
        {
            double value = cells[k];
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentException($"a nonnegative finite density, found {value} in cell {k}", nameof(cells));
            prefix[k + 1] = prefix[k] + value;
        }
        double total = prefix[^1];
        if (!(total > 0)) throw new ArgumentException("a density of positive mass", nameof(cells));
        for (int k = 1; k < prefix.Length; k++) prefix[k] /= total;
        return new LineDensity(lower, width, prefix);
    }

    /// <summary>The CDF at x (exact for the piecewise-constant density).</summary>
    public double Cdf(double x)
    {
        if (x <= Lower) return 0.0;
        if (x >= Upper) return 1.0;
        int k = Math.Min((int)((x - Lower) / Width), Cells - 1);
        return CdfIn(k, x);
    }

    /// <summary>F(x) for x in cell k: linear between the edges, clamped to them against rounding.</summary>
    internal double CdfIn(int k, double x)
    {
        double c0 = _cumulative[k], c1 = _cumulative[k + 1];
        double t = (x - Edge(k)) / Width;
        return Math.Clamp(c0 + t * (c1 - c0), c0, c1);
    }

    /// <summary>Q(s) for s in [F(edge k), F(edge k+1)] of a cell of positive mass: linear, clamped to the cell.</summary>
    internal double QuantileIn(int k, double s)
    {
        double c0 = _cumulative[k], c1 = _cumulative[k + 1];
        double left = Edge(k);
        return Math.Clamp(left + (s - c0) / (c1 - c0) * Width, left, left + Width);
    }
}
