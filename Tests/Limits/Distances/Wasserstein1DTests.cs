using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Distances;
using Xunit;

namespace Ensemble.Tests.Limits.Distances;

public sealed class Wasserstein1DTests
{
    private static readonly UniformGrid UnitInterval = new([0.0], [10], 0.1);
    private static readonly double[] Uniform = Enumerable.Repeat(1.0, 10).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void MidpointQuantilesOfTheUniformLawHaveTheClosedFormDistances(int n)
    {
        // x_i = (i - 1/2) / N against U(0, 1): W1 = N * 2 triangles of legs 1/(2N) = 1/(4N); W2^2 = N * int_{-1/2N}^{1/2N} u^2 = 1/(12 N^2).
        double[] points = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
        var (w1, w2) = Wasserstein1D.Between(points, UnitInterval, Uniform);
        Assert.Equal(1.0 / (4 * n), w1, 1e-15);
        Assert.Equal(1.0 / (Math.Sqrt(12.0) * n), w2, 1e-15);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.5)]
    [InlineData(2.0)]
    public void APointMassInsideOrOutsideTheGridHasTheClosedFormDistances(double x0)
    {
        // int_0^1 |x0 - s| ds and int_0^1 (x0 - s)^2 ds; outside the grid F is 0 or 1, so the same formulas hold.
        double[] points = Enumerable.Repeat(x0, 5).ToArray();
        var (w1, w2) = Wasserstein1D.Between(points, UnitInterval, Uniform);
        double expectedW1 = x0 is >= 0 and <= 1 ? (x0 * x0 + (1 - x0) * (1 - x0)) / 2 : Math.Abs(x0 - 0.5);
        Assert.Equal(expectedW1, w1, 1e-15);
        Assert.Equal(Math.Sqrt(x0 * x0 - x0 + 1.0 / 3.0), w2, 1e-15);
    }

    [Fact]
    public void ANonUniformDensityAgainstOnePointHasTheHandComputedDistances()
    {
        // Mass 1/4 on [0, 1) and 3/4 on [1, 2) (cell averages 1 and 3: only ratios count), one point at 1.
        // W1 = int |1 - x| f = 1/4 * 1/2 + 3/4 * 1/2 = 1/2; W2^2 = 1/4 * 1/3 + 3/4 * 1/3 = 1/3.
        var grid = new UniformGrid([0.0], [2], 1.0);
        var (w1, w2) = Wasserstein1D.Between([1.0], grid, [1.0, 3.0]);
        Assert.Equal(0.5, w1, 1e-15);
        Assert.Equal(Math.Sqrt(1.0 / 3.0), w2, 1e-15);
    }

    [Fact]
    public void DistancesAgreeWithFineQuadratureOfTheCdfsAndQuantiles()
    {
        // Random cell values with empty cells, random points partly outside the grid: W1 = int |F_N - F| dx and
        // W2^2 = int_0^1 (Q_N - Q)^2 ds by midpoint rules of 1e6 nodes (errors ~1e-8 and ~1e-6 from the jumps).
        var random = new System.Random(11);
        var grid = new UniformGrid([-1.0], [25], 0.12);
        double[] cells = Enumerable.Range(0, 25).Select(i => i % 7 == 3 ? 0.0 : random.NextDouble()).ToArray();
        double[] points = Wasserstein1D.Sorted(Enumerable.Range(0, 40).Select(_ => -1.6 + 4.2 * random.NextDouble()).ToArray());
        var line = LineDensity.Of(grid, cells);
        var (w1, w2) = Wasserstein1D.Between(points, grid, cells);

        const int nodes = 1_000_000;
        double from = Math.Min(points[0], grid.Lower[0]), to = Math.Max(points[^1], grid.Upper(0));
        double dx = (to - from) / nodes, quadratureW1 = 0.0;
        int below = 0;
        for (int i = 0; i < nodes; i++)
        {
            double x = from + (i + 0.5) * dx;
            while (below < points.Length && points[below] <= x) below++;
            quadratureW1 += Math.Abs((double)below / points.Length - line.Cdf(x)) * dx;
        }
        // Q written out here from the cumulative masses (the cell holding s, then linear inside it).
        double quadratureW2 = 0.0;
        int cell = 0;
        for (int i = 0; i < nodes; i++)
        {
            double s = (i + 0.5) / nodes;
            while (line.CumulativeAt(cell + 1) <= s) cell++;
            double c0 = line.CumulativeAt(cell), c1 = line.CumulativeAt(cell + 1);
            double q = line.Edge(cell) + (s - c0) / (c1 - c0) * line.Width, qn = points[(int)(s * points.Length)];
            quadratureW2 += (qn - q) * (qn - q) / nodes;
        }
        Assert.Equal(quadratureW1, w1, 1e-6);
        Assert.Equal(Math.Sqrt(quadratureW2), w2, 1e-5);
    }

    [Fact]
    public void AShiftOfTheDensityByCGivesDistancesWithinTheUnshiftedDistanceOfC()
    {
        // Points at the density's own midpoint quantiles, then moved by c: by the triangle inequality
        // |W_p(shifted) - c| <= W_p(unshifted), and the unshifted distance is O(1/N).
        var grid = new UniformGrid([-4.0], [64], 0.125);
        double[] cells = Densities.Gaussian1D(grid, 0.3, 0.9);
        var line = LineDensity.Of(grid, cells);
        const int n = 4000;
        const double c = 0.37;
        double[] points = Enumerable.Range(0, n).Select(i => Densities.Quantile(line, (i + 0.5) / n)).ToArray();
        var (w1, w2) = Wasserstein1D.Between(points, line);
        var (w1Shifted, w2Shifted) = Wasserstein1D.Between(points.Select(x => x + c).ToArray(), line);
        // W2 of the quantile points is dominated by the law's tails beyond the extreme points (4.5e-3 here), W1 is ~1/N.
        Assert.True(w1 < 1e-3 && w2 < 1e-2, $"unshifted W1 {w1}, W2 {w2}");
        Assert.InRange(w1Shifted, c - w1 - 1e-12, c + w1 + 1e-12);
        Assert.InRange(w2Shifted, c - w2 - 1e-12, c + w2 + 1e-12);
    }

    [Fact]
    public void UnsortedInputIsRefusedAndTheSortedCopyGivesTheDistanceOfTheSortedPoints()
    {
        double[] points = [0.7, 0.1, 0.4, 0.95, 0.2];
        double[] original = points.ToArray();
        var error = Assert.Throws<ArgumentException>(() => Wasserstein1D.Between(points, UnitInterval, Uniform));
        Assert.Contains("ascending", error.Message);
        double[] sorted = Wasserstein1D.Sorted(points);
        Assert.Equal(original, points);
        Assert.Equal([0.1, 0.2, 0.4, 0.7, 0.95], sorted);
        var (w1, w2) = Wasserstein1D.Between(sorted, UnitInterval, Uniform);
        var (w1Again, w2Again) = Wasserstein1D.Between(Wasserstein1D.Sorted(points.Reverse().ToArray()), UnitInterval, Uniform);
        Assert.Equal(w1, w1Again);
        Assert.Equal(w2, w2Again);
    }

    [Fact]
    public void TheDensityIsNormalisedByItsMass()
    {
        double[] points = [0.05, 0.33, 0.9];
        var grid = new UniformGrid([0.0], [4], 0.25);
        double[] cells = [1.0, 0.0, 2.5, 0.5];
        var (w1, w2) = Wasserstein1D.Between(points, grid, cells);
        var (w1Scaled, w2Scaled) = Wasserstein1D.Between(points, grid, cells.Select(v => v * 8.0).ToArray());
        Assert.Equal(w1, w1Scaled);
        Assert.Equal(w2, w2Scaled);
        Assert.Throws<ArgumentException>(() => Wasserstein1D.Between(points, grid, [0.0, 0.0, 0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => Wasserstein1D.Between(points, grid, [1.0, -0.1, 1.0, 1.0]));
    }
}
