using Ensemble.Simulation.Initial;
using Ensemble.Simulation.Numerics;
using Ensemble.Simulation.Specs;
using MathNet.Numerics.Integration;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// A spec's initial law as cell averages on a grid, with mass exactly 1 on the grid (the tail outside the
/// box, which the box is chosen to make negligible, is put back by the normalisation): a Gaussian (any
/// covariance) by a 6-point Gauss–Legendre product rule in each cell with <see cref="FixedExp"/>; a uniform
/// box by the exact overlap of each cell with the box; a mixture as the weighted sum of its components'
/// averages, each normalised first, weights normalised to 1.
/// </summary>
internal static class InitialCellAverages
{
    private const int Order = 6;
    private static readonly GaussLegendreRule Unit = new(-1.0, 1.0, Order);

    public static double[] Of(UniformGrid grid, InitialDistribution law)
    {
        double[] u = law switch
        {
            GaussianDistribution g => Gaussian(grid, g),
            UniformBoxDistribution b => Box(grid, b),
            MixtureDistribution m => Mixture(grid, m),
            _ => throw new ArgumentException($"no cell averages for the initial law {law.GetType().Name}"),
        };
        double mass = PdeSolver.Mass(grid, u);
        if (!(mass > 0.0) || !double.IsFinite(mass))
            throw new ArgumentException("the initial law puts no mass on the grid's box");
        for (int c = 0; c < u.Length; c++) u[c] /= mass;
        return u;
    }

    private static double[] Mixture(UniformGrid grid, MixtureDistribution m)
    {
        double total = m.Components.Sum(c => c.Weight);
        var u = new double[grid.CellCount];
        foreach (var component in m.Components)
        {
            double[] part = Of(grid, component.Distribution);
            double w = component.Weight / total;
            for (int c = 0; c < u.Length; c++) u[c] += w * part[c];
        }
        return u;
    }

    private static double[] Box(UniformGrid grid, UniformBoxDistribution b)
    {
        int d = grid.Dimension;
        var u = new double[grid.CellCount];
        double h = grid.Spacing;
        for (int c = 0; c < u.Length; c++)
        {
            double share = 1.0;
            for (int a = 0; a < d; a++)
            {
                double lo = grid.Lower[a] + grid.IndexOn(c, a) * h;
                double overlap = Math.Min(lo + h, b.Upper[a]) - Math.Max(lo, b.Lower[a]);
                share *= Math.Max(overlap, 0.0) / h;
            }
            u[c] = share; // the law's density times the cell's volume share; normalised by the caller
        }
        return u;
    }

    private static double[] Gaussian(UniformGrid grid, GaussianDistribution g)
    {
        int d = grid.Dimension;
        if (!CholeskyFactor.TryCompute(g.Covariance, out double[,] lower))
            throw new ArgumentException("the Gaussian's covariance is not positive definite");
        var u = new double[grid.CellCount];
        double h = grid.Spacing;
        Span<double> x = stackalloc double[d];
        Span<double> y = stackalloc double[d];
        Span<int> node = stackalloc int[d];
        int points = (int)FixedPow.Integer(Order, d);
        for (int c = 0; c < u.Length; c++)
        {
            double sum = 0.0;
            for (int q = 0; q < points; q++)
            {
                double weight = 1.0;
                for (int a = 0, rest = q; a < d; a++, rest /= Order)
                {
                    node[a] = rest % Order;
                    x[a] = grid.Centre(a, grid.IndexOn(c, a)) + 0.5 * h * Unit.Abscissas[node[a]] - g.Mean[a];
                    weight *= 0.5 * Unit.Weights[node[a]];
                }
                // y = L^-1 (x - mean) by forward substitution; the density is proportional to exp(-|y|^2 / 2).
                double q2 = 0.0;
                for (int a = 0; a < d; a++)
                {
                    double s = x[a];
                    for (int b = 0; b < a; b++) s -= lower[a, b] * y[b];
                    y[a] = s / lower[a, a];
                    q2 += y[a] * y[a];
                }
                sum += weight * FixedExp.Exp(-0.5 * q2);
            }
            u[c] = sum;
        }
        return u;
    }
}
