using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Distances;
using Xunit;

namespace Ensemble.Tests.Limits.Distances;

public sealed class SlicedWassersteinTests
{
    private static readonly UniformGrid Grid = new([-2.0, -1.5], [20, 16], 0.2);
    private static readonly double[] Bump = Densities.Gaussian2D(Grid, 0.2, -0.1, 0.6, 0.45, 0.4);

    private static (double[] X, double[] Y) Cloud(int n, int seed)
    {
        var random = new System.Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int p = 0; p < n; p++)
        {
            x[p] = 0.1 + 0.7 * Densities.Gaussian(random);
            y[p] = -0.2 + 0.5 * Densities.Gaussian(random);
        }
        return (x, y);
    }

    [Fact]
    public void TheDirectionsAreTheStatedUnitVectors()
    {
        double[][] two = SlicedWasserstein.DirectionsFor(2), three = SlicedWasserstein.DirectionsFor(3);
        Assert.Equal(16, two.Length);
        Assert.Equal(13, three.Length);
        Assert.All(two.Concat(three), u => Assert.Equal(1.0, Math.Sqrt(u.Sum(c => c * c)), 1e-15));
        Assert.Equal([1.0, 0.0], two[0]);
        Assert.Equal([0.0, 1.0], two[8]);
        for (int j = 0; j < 16; j++) Assert.Equal(Math.Atan2(two[j][1], two[j][0]), j * Math.PI / 16, 1e-15);
    }

    [Fact]
    public void TheProjectionOnEachDirectionConservesMassAndOnTheXAxisIsTheMarginal()
    {
        var sliced = SlicedWasserstein.Of(Grid, Bump);
        // Direction 0 is x: each cell's mass falls in its own 16 bins, evenly, so the projected CDF at the grid's
        // x edges is the x marginal's.
        var marginal = new double[Grid.Cells[0]];
        for (int c = 0; c < Grid.CellCount; c++) marginal[Grid.IndexOn(c, 0)] += Bump[c];
        var line = LineDensity.Of(new UniformGrid([Grid.Lower[0]], [Grid.Cells[0]], Grid.Spacing), marginal);
        var projected = sliced.Projection(0);
        Assert.Equal(Grid.Cells[0] * SlicedWasserstein.DefaultBinsPerCell, projected.Cells);
        for (int k = 0; k <= Grid.Cells[0]; k++) Assert.Equal(line.CumulativeAt(k), projected.CumulativeAt(SlicedWasserstein.DefaultBinsPerCell * k), 1e-14);

        var (x, y) = Cloud(300, 1);
        double w1Marginal = Wasserstein1D.Between(Wasserstein1D.Sorted(x), line).W1;
        Assert.Equal(w1Marginal, sliced.W1PerDirection(x, y, default)[0], 1e-14);
        for (int j = 0; j < 16; j++)
        {
            var p = sliced.Projection(j);
            Assert.Equal(1.0, p.CumulativeAt(p.Cells));
            Assert.True(Enumerable.Range(0, p.Cells).All(k => p.CumulativeAt(k + 1) >= p.CumulativeAt(k)));
        }
    }

    [Fact]
    public void SlicedW1IsInvariantUnderTranslationQuarterTurnsAndReflections()
    {
        var (x, y) = Cloud(500, 2);
        double reference = SlicedWasserstein.Of(Grid, Bump).W1(x, y);
        Assert.True(reference > 0.01, $"sliced W1 {reference}");

        // Translate everything by (0.3, -0.7).
        var shiftedGrid = new UniformGrid([Grid.Lower[0] + 0.3, Grid.Lower[1] - 0.7], Grid.Cells, Grid.Spacing);
        double translated = SlicedWasserstein.Of(shiftedGrid, Bump).W1(x.Select(v => v + 0.3).ToArray(), y.Select(v => v - 0.7).ToArray());
        Assert.Equal(reference, translated, 1e-12);

        // Quarter turn (x, y) -> (-y, x): the grid's cell (i, j) moves to (ny - 1 - j, i).
        int nx = Grid.Cells[0], ny = Grid.Cells[1];
        var turnedGrid = new UniformGrid([-Grid.Upper(1), Grid.Lower[0]], [ny, nx], Grid.Spacing);
        var turned = new double[Grid.CellCount];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++) turned[(ny - 1 - j) + ny * i] = Bump[i + nx * j];
        double rotated = SlicedWasserstein.Of(turnedGrid, turned).W1(y.Select(v => -v).ToArray(), x);
        Assert.Equal(reference, rotated, 1e-12);

        // Reflection x -> -x: cell (i, j) moves to (nx - 1 - i, j).
        var mirroredGrid = new UniformGrid([-Grid.Upper(0), Grid.Lower[1]], Grid.Cells, Grid.Spacing);
        var mirrored = new double[Grid.CellCount];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++) mirrored[(nx - 1 - i) + nx * j] = Bump[i + nx * j];
        double reflected = SlicedWasserstein.Of(mirroredGrid, mirrored).W1(x.Select(v => -v).ToArray(), y);
        Assert.Equal(reference, reflected, 1e-12);
    }

    [Fact]
    public void TheBinnedProjectionIsWithinItsMeasuredDiscretisationErrorOfTheExactProjection()
    {
        // F_exact(t) = sum_c m_c P(cell c's projection <= t), summed here cell by cell from the trapezoid, at 10 points
        // per projected bin; the error of binning is integral |F_bin - F_exact| = W1(binned, exact), which bounds how
        // far the binned sliced W1 can be from the one with the exact projection. Linear interpolation of F between
        // bin edges of width delta leaves about delta^2 / 12 int |f'| dt: second order, 16 times smaller at h/16 than h/4.
        var grid = new UniformGrid([-2.0, -2.0], [16, 16], 0.25);
        double[] density = Densities.Gaussian2D(grid, 0.0, 0.0, 0.7, 0.7, 0.3);
        double coarse = WorstBinningError(grid, density, 4), fine = WorstBinningError(grid, density, SlicedWasserstein.DefaultBinsPerCell);
        TestContext.Current.SendDiagnosticMessage(
            $"projected-bin discretisation, max over 2 directions of int |F_bin - F_exact| (h = 0.25): bins h/4 {coarse:E3}, bins h/16 {fine:E3}");
        Assert.InRange(fine, 1e-7, 3e-5);
        Assert.InRange(coarse / fine, 12.0, 20.0);

        // And the sliced W1 of a cloud moves by less than that bound when the bins are made 4 times finer.
        var (x, y) = Cloud(1000, 3);
        double w1 = SlicedWasserstein.Of(grid, density).W1(x, y), finer = SlicedWasserstein.Of(grid, density, 64).W1(x, y);
        TestContext.Current.SendDiagnosticMessage($"sliced W1 with h/16 bins {w1:F7}, with h/64 bins {finer:F7}");
        Assert.Equal(finer, w1, fine);
    }

    private static double WorstBinningError(UniformGrid grid, double[] density, int binsPerCell)
    {
        double mass = density.Sum(), h = grid.Spacing;
        var sliced = SlicedWasserstein.Of(grid, density, binsPerCell);
        double worst = 0.0;
        foreach (int j in new[] { 1, 4 })
        {
            double[] u = sliced.Directions[j];
            var projected = sliced.Projection(j);
            double error = 0.0;
            int nodes = projected.Cells * 10;
            double dt = (projected.Upper - projected.Lower) / nodes;
            for (int i = 0; i < nodes; i++)
            {
                double t = projected.Lower + (i + 0.5) * dt, exact = 0.0;
                for (int c = 0; c < grid.CellCount; c++)
                {
                    double x0 = grid.Lower[0] + grid.IndexOn(c, 0) * h, y0 = grid.Lower[1] + grid.IndexOn(c, 1) * h;
                    double start = u[0] * x0 + u[1] * y0 + Math.Min(0, u[0]) * h + Math.Min(0, u[1]) * h;
                    exact += density[c] * TrapezoidCdf(t - start, Math.Abs(u[0]) * h, Math.Abs(u[1]) * h);
                }
                error += Math.Abs(projected.Cdf(t) - exact / mass) * dt;
            }
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    [Fact]
    public void ThreeDimensionalSlicesOfAProductDensityOnTheAxesAreTheMarginals()
    {
        var grid = new UniformGrid([-1.0, -1.0, -1.0], [6, 5, 4], 0.4);
        var density = new double[grid.CellCount];
        for (int c = 0; c < density.Length; c++)
        {
            int i = grid.IndexOn(c, 0), j = grid.IndexOn(c, 1), k = grid.IndexOn(c, 2);
            density[c] = (1 + i) * (2 + j % 2) * (1 + k * k);
        }
        var sliced = SlicedWasserstein.Of(grid, density);
        var random = new System.Random(4);
        double[] x = Enumerable.Range(0, 200).Select(_ => -1 + 2.4 * random.NextDouble()).ToArray();
        double[] y = Enumerable.Range(0, 200).Select(_ => -1 + 2.0 * random.NextDouble()).ToArray();
        double[] z = Enumerable.Range(0, 200).Select(_ => -1 + 1.6 * random.NextDouble()).ToArray();
        double[] perDirection = sliced.W1PerDirection(x, y, z);
        double[] zMarginal = Enumerable.Range(0, 4).Select(k => (double)(1 + k * k)).ToArray();
        double expected = Wasserstein1D.Between(Wasserstein1D.Sorted(z), new UniformGrid([-1.0], [4], 0.4), zMarginal).W1;
        Assert.Equal(expected, perDirection[2], 1e-13);
        Assert.Equal(perDirection.Average(), sliced.W1(x, y, z), 1e-15);
        for (int j = 0; j < 13; j++) Assert.Equal(1.0, sliced.Projection(j).CumulativeAt(sliced.Projection(j).Cells));
    }

    /// <summary>P(U(0, a) + U(0, b) &lt;= t), a, b &gt; 0, written out piece by piece (independent of the code under test).</summary>
    private static double TrapezoidCdf(double t, double a, double b)
    {
        if (a > b) (a, b) = (b, a);
        if (t <= 0) return 0;
        if (t >= a + b) return 1;
        if (t <= a) return t * t / (2 * a * b);
        if (t <= b) return (t - a / 2) / b;
        double r = a + b - t;
        return 1 - r * r / (2 * a * b);
    }
}
