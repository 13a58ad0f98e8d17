namespace Ensemble.Simulation.Limits.Pde;

/// <summary>Finite differences of cell values along one axis of a <see cref="UniformGrid"/>.</summary>
internal static class GridDifferences
{
    /// <summary>
    /// gradient[c] = scale (f[c + e] - f[c - e]) / 2h along <paramref name="axis"/>, one-sided at the walls
    /// (and 0 on a line of one cell), added when <paramref name="add"/>.
    /// </summary>
    public static void Centred(UniformGrid grid, ReadOnlySpan<double> f, int axis, double scale, Span<double> gradient, bool add)
    {
        var lines = new AxisLines(grid, axis);
        int s = lines.Stride, n = lines.Count;
        double half = 0.5 * scale / grid.Spacing, full = scale / grid.Spacing;
        for (int o = 0; o < lines.Outer; o++)
        for (int i = 0; i < n; i++)
        {
            int row = o * lines.Block + i * s;
            for (int c = row; c < row + s; c++)
            {
                double g = n == 1 ? 0.0
                    : i == 0 ? full * (f[c + s] - f[c])
                    : i == n - 1 ? full * (f[c] - f[c - s])
                    : half * (f[c + s] - f[c - s]);
                gradient[c] = add ? gradient[c] + g : g;
            }
        }
    }

    /// <summary>difference[c] = scale (f[c + e] - f[c]) / h, the gradient at the upper face of c (0 at the wall), added when <paramref name="add"/>.</summary>
    public static void Forward(UniformGrid grid, ReadOnlySpan<double> f, int axis, double scale, Span<double> difference, bool add)
    {
        var lines = new AxisLines(grid, axis);
        int s = lines.Stride, n = lines.Count;
        double k = scale / grid.Spacing;
        for (int o = 0; o < lines.Outer; o++)
        for (int i = 0; i < n; i++)
        {
            int row = o * lines.Block + i * s;
            for (int c = row; c < row + s; c++)
            {
                double g = i == n - 1 ? 0.0 : k * (f[c + s] - f[c]);
                difference[c] = add ? difference[c] + g : g;
            }
        }
    }
}
