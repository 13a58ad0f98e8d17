namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// W1 and W2 between an empirical measure (mass 1/N at each of N points) and a piecewise-constant density on
/// the line, both exact. In one dimension W_p^p = integral_0^1 |Q_N(s) - Q(s)|^p ds with Q_N, Q the quantile
/// functions (and W1 = integral |F_N - F| dx too). Q_N is the step x_(j) on ((j-1)/N, j/N]; Q is linear on each
/// [F(edge k), F(edge k+1)]. Between consecutive breakpoints of the two, Q_N - Q is linear, so
/// |.| integrates in closed form (a trapezoid, or two triangles where it changes sign) and |.|^2 as
/// L (d0^2 + d0 d1 + d1^2) / 3. Points outside the density's cells are allowed (F is 0 or 1 there).
/// One pass over the points and the cells in a fixed order: O(N + cells), the same bits on every machine.
/// </summary>
public static class Wasserstein1D
{
    /// <summary>W1 and W2 between the points (ascending) and the grid's density (cell averages; normalised by its mass).</summary>
    public static (double W1, double W2) Between(ReadOnlySpan<double> sortedPositions, UniformGrid grid, ReadOnlySpan<double> density) =>
        Between(sortedPositions, LineDensity.Of(grid, density));

    /// <summary>W1 and W2 between the points (ascending) and a density built once (the same for every realisation).</summary>
    public static (double W1, double W2) Between(ReadOnlySpan<double> sortedPositions, LineDensity density)
    {
        int n = sortedPositions.Length;
        if (n == 0) throw new ArgumentException("at least one point", nameof(sortedPositions));
        for (int j = 0; j < n; j++)
        {
            if (!double.IsFinite(sortedPositions[j])) throw new ArgumentException($"finite points, found {sortedPositions[j]} at {j}", nameof(sortedPositions));
            if (j > 0 && sortedPositions[j] < sortedPositions[j - 1])
                throw new ArgumentException($"points in ascending order, found {sortedPositions[j - 1]} before {sortedPositions[j]} (use Wasserstein1D.Sorted)",
                    nameof(sortedPositions));
        }

        double w1 = 0.0, w2Squared = 0.0;
        int cells = density.Cells, k = 0, particle = 0;
        double s = 0.0;
        while (particle < n)
        {
            // The cell whose quantile piece holds s: skip the cells already passed and those of zero mass.
            while (k < cells - 1 && density.CumulativeAt(k + 1) <= s) k++;
            double particleEnd = (double)(particle + 1) / n;
            double cellEnd = density.CumulativeAt(k + 1);
            double t = Math.Min(particleEnd, cellEnd);
            if (t > s)
            {
                double x = sortedPositions[particle];
                double d0 = x - density.QuantileIn(k, s), d1 = x - density.QuantileIn(k, t);
                double length = t - s;
                w1 += length * AbsoluteLinearMean(d0, d1);
                w2Squared += length * (d0 * d0 + d0 * d1 + d1 * d1) / 3.0;
            }
            s = t;
            if (t >= particleEnd) particle++;
        }
        return (w1, Math.Sqrt(w2Squared));
    }

    /// <summary>A sorted copy (the input is left as it is).</summary>
    public static double[] Sorted(ReadOnlySpan<double> positions)
    {
        double[] copy = positions.ToArray();
        Array.Sort(copy);
        return copy;
    }

    /// <summary>The mean of |g| over an interval on which g is linear from g0 to g1.</summary>
    internal static double AbsoluteLinearMean(double g0, double g1)
    {
        double a0 = Math.Abs(g0), a1 = Math.Abs(g1);
        if ((g0 >= 0) == (g1 >= 0) || a0 + a1 == 0) return 0.5 * (a0 + a1);
        // A sign change at fraction a0 / (a0 + a1): two triangles.
        return 0.5 * (a0 * a0 + a1 * a1) / (a0 + a1);
    }
}
