using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Distances;

namespace Ensemble.Tests.Limits.Distances;

/// <summary>Small densities on grids and the draws the distance tests compare against them.</summary>
internal static class Densities
{
    /// <summary>A Gaussian sampled at the cell centres (any positive density will do; its mass need not be 1).</summary>
    public static double[] Gaussian1D(UniformGrid grid, double mean, double sigma)
    {
        var values = new double[grid.CellCount];
        for (int c = 0; c < values.Length; c++)
        {
            double z = (grid.Centre(0, c) - mean) / sigma;
            values[c] = Math.Exp(-0.5 * z * z);
        }
        return values;
    }

    /// <summary>A correlated, off-centre 2D Gaussian bump at the cell centres.</summary>
    public static double[] Gaussian2D(UniformGrid grid, double mx, double my, double sx, double sy, double rho)
    {
        var values = new double[grid.CellCount];
        for (int c = 0; c < values.Length; c++)
        {
            double x = (grid.Centre(0, grid.IndexOn(c, 0)) - mx) / sx, y = (grid.Centre(1, grid.IndexOn(c, 1)) - my) / sy;
            values[c] = Math.Exp(-0.5 * (x * x - 2 * rho * x * y + y * y) / (1 - rho * rho));
        }
        return values;
    }

    /// <summary>The quantile of a line density at s in (0, 1), by bisection on its exact CDF.</summary>
    public static double Quantile(LineDensity density, double s)
    {
        double low = density.Lower, high = density.Upper;
        for (int i = 0; i < 200 && high - low > 1e-15 * Math.Max(1.0, Math.Abs(low)); i++)
        {
            double mid = 0.5 * (low + high);
            if (density.Cdf(mid) < s) low = mid;
            else high = mid;
        }
        return 0.5 * (low + high);
    }

    public static double Gaussian(System.Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Least-squares slope of y on x with the standard error propagated from each y's own standard error (the y's taken
    /// as uncorrelated: draws shared between the N's correlate them positively, which only shrinks the slope's spread).
    /// </summary>
    public static (double Slope, double StandardError) Slope(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> yStandardErrors)
    {
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        double variance = x.Zip(yStandardErrors).Sum(p => Math.Pow((p.First - mx) / sxx * p.Second, 2));
        return (sxy / sxx, Math.Sqrt(variance));
    }
}
