using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>Small limit problems for the PDE tests: specs with a limit section, grids, exact solutions' cell averages.</summary>
internal static class PdeTestProblems
{
    /// <summary>A W1-like model A spec (two species at x = ∓0.5, variance 0.25, sigma 0.5) with a limit section.</summary>
    public static SimulationSpec PairwiseLimit(int dimension, double[][] interaction, double h, double eta = 0.1, int steps = 20, double dt = 1e-3,
        KernelShape kernel = KernelShape.PolynomialBump) =>
        TestSpecs.Pairwise(dimension, 100, interaction, eta: eta, dt: dt, steps: steps, kernel: kernel) with { Limit = new LimitSpec { CellSize = h } };

    /// <summary>A W2-like model B spec (m = 3, sigma 0.1, smooth bump) with a limit section.</summary>
    public static SimulationSpec PressureLimit(int dimension, double h, double eps = 0.1, int steps = 20, double dt = 1e-3, double exponent = 3.0) =>
        TestSpecs.Wrap(TestSpecs.Pressure(dimension, 100, exponent, eps), dt, steps) with { Limit = new LimitSpec { CellSize = h } };

    public static double[,] Matrix(double[][] rows)
    {
        var m = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
        for (int j = 0; j < rows.Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    /// <summary>A cubic grid [-half, half]^d of cell size h (whole cells).</summary>
    public static UniformGrid Cube(int dimension, double half, double h)
    {
        int n = (int)Math.Round(2 * half / h);
        return new UniformGrid(Enumerable.Repeat(-0.5 * n * h, dimension).ToArray(), Enumerable.Repeat(n, dimension).ToArray(), h);
    }

    public static double[] GaussianAverages(UniformGrid grid, double[] mean, double variance) =>
        InitialCellAverages.Of(grid, TestSpecs.Gaussian(mean, variance));

    public static double L1(UniformGrid grid, double[] a, double[] b)
    {
        double sum = 0.0;
        for (int c = 0; c < a.Length; c++) sum += Math.Abs(a[c] - b[c]);
        return sum * grid.CellVolume;
    }

    /// <summary>Least-squares slope of log y against log x.</summary>
    public static double Slope(double[] x, double[] y)
    {
        double[] lx = x.Select(v => Math.Log(v)).ToArray(), ly = y.Select(v => Math.Log(v)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double num = 0.0, den = 0.0;
        for (int i = 0; i < lx.Length; i++)
        {
            num += (lx[i] - mx) * (ly[i] - my);
            den += (lx[i] - mx) * (lx[i] - mx);
        }
        return num / den;
    }
}
