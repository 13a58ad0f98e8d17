using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Neighbours;

public sealed class CellListForceTests
{
    public enum Layout
    {
        /// <summary>Uniform in a box many cells wide.</summary>
        Random,

        /// <summary>Tight clusters, a lattice on cell-size multiples, and far outliers (distant, sparse cells).</summary>
        Clustered,
    }

    public static TheoryData<int, Layout, KernelShape> Cases()
    {
        var data = new TheoryData<int, Layout, KernelShape>();
        for (int d = 1; d <= 3; d++)
        foreach (Layout layout in Enum.GetValues<Layout>())
        foreach (KernelShape shape in Enum.GetValues<KernelShape>())
            data.Add(d, layout, shape);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CellListForcesEqualBruteForce(int dimension, Layout layout, KernelShape shape)
    {
        const double eta = 0.1;
        int[] counts = [300, 217, 64];
        var spec = Model(dimension, counts, eta, shape, mixed: false);
        var positions = Place(dimension, counts, layout, eta, seed: dimension * 10 + (int)layout);
        AssertCellListMatchesBruteForce(spec, positions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CellListForcesEqualBruteForce_MixedShapesAndThreads(int dimension)
    {
        int[] counts = [400, 350, 500];
        var spec = Model(dimension, counts, 0.15, KernelShape.PolynomialBump, mixed: true);
        var positions = Place(dimension, counts, Layout.Clustered, 0.15, seed: 99);
        AssertCellListMatchesBruteForce(spec, positions, threads: 3);
    }

    /// <summary>
    /// Shapes that differ between (i, j) and (j, i): each unordered pair is then evaluated in both shapes' passes, each
    /// applying one direction's weight; a pass that applied both, or skipped a species that only receives, would differ.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CellListForcesEqualBruteForce_ShapesThatDifferBetweenTheTwoDirections(int dimension)
    {
        int[] counts = [300, 250, 200];
        var spec = Model(dimension, counts, 0.15, KernelShape.PolynomialBump, mixed: false) with
        {
            Kernels = Enumerable.Range(0, 3)
                .Select(i => (IReadOnlyList<KernelShape>)Enumerable.Range(0, 3)
                    .Select(j => i < j ? KernelShape.SmoothBump : KernelShape.PolynomialBump).ToArray())
                .ToArray(),
        };
        var positions = Place(dimension, counts, Layout.Clustered, 0.15, seed: 7);
        AssertCellListMatchesBruteForce(spec, positions);
        AssertCellListMatchesBruteForce(spec, positions, threads: 3);
    }

    /// <summary>
    /// Each pair is evaluated once and its share subtracted from the source's buffer: the row of cells that writes an
    /// entry is fixed, so any number of threads gives the same bits as one (in 3-D four later rows share each row's work).
    /// </summary>
    [Theory]
    [InlineData(1, Layout.Random)]
    [InlineData(2, Layout.Random)]
    [InlineData(2, Layout.Clustered)]
    [InlineData(3, Layout.Random)]
    [InlineData(3, Layout.Clustered)]
    public void PairOnceDriftHasTheSameBitsOnAnyThreadCount(int dimension, Layout layout)
    {
        int[] counts = [700, 500, 300];
        var spec = Model(dimension, counts, 0.1, KernelShape.SmoothBump, mixed: true);
        var positions = Place(dimension, counts, layout, 0.1, seed: 40 + dimension);
        var single = new ParticleVectors(dimension, counts);
        new PairwiseDrift(spec, threads: 1).Evaluate(positions, 0.0, single);
        Assert.True(single.MaxAbs() > 0);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var many = new ParticleVectors(dimension, counts);
            var drift = new PairwiseDrift(spec, threads);
            drift.Evaluate(positions, 0.0, many);
            for (int a = 0; a < dimension; a++)
            for (int i = 0; i < positions.Total; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(single.Axis[a][i]) == BitConverter.DoubleToInt64Bits(many.Axis[a][i]),
                    $"{threads} threads, axis {a}, particle {i}: {many.Axis[a][i]:R} against {single.Axis[a][i]:R} on one thread");
        }
    }

    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.1)]
    public void CellsAreNeverSmallerThanTheRadiusEvenWhenTheCloudIsHuge(int dimension, double radius)
    {
        int[] counts = [500, 300];
        var cells = new Ensemble.Simulation.Neighbours.CellList(dimension, counts, mergeSpecies: true);
        var positions = Place(dimension, counts, Layout.Random, radius, seed: 5);
        cells.Build(positions, radius);
        for (int a = 0; a < dimension; a++) Assert.True(cells.CellSize(a) >= radius, $"axis {a}: {cells.CellSize(a)} < {radius}");
        Assert.True(cells.CellCount > 1);

        // One particle far away: the grid is capped, so cells grow instead of the grid exploding.
        positions.Axis[0][0] = 1e12;
        cells.Build(positions, radius);
        Assert.True(cells.CellCount <= Math.Max(64, 4 * positions.Total));
        for (int a = 0; a < dimension; a++) Assert.True(cells.CellSize(a) >= radius);
    }

    private static void AssertCellListMatchesBruteForce(PairwiseModelSpec spec, ParticleVectors positions, int threads = 1)
    {
        var cell = new ParticleVectors(positions.Dimension, positions.Counts);
        var brute = new ParticleVectors(positions.Dimension, positions.Counts);
        var drift = new PairwiseDrift(spec, threads);
        drift.Evaluate(positions, 0.0, cell);
        new BruteForcePairwiseDrift(spec).Evaluate(positions, 0.0, brute);

        double scale = brute.MaxAbs(), worst = cell.MaxAbsDifference(brute);
        Assert.True(scale > 0, "the configuration must have interacting pairs, or the comparison is vacuous");
        Assert.True(drift.CountPairsWithinRadius() > positions.Total, "expected more than one neighbour per particle on average");
        Assert.True(worst <= 1e-12 * scale, $"max |cell - brute| = {worst:E3} against max |force| = {scale:E3}");
    }

    private static PairwiseModelSpec Model(int dimension, int[] counts, double eta, KernelShape shape, bool mixed)
    {
        int n = counts.Length;
        double[][] a = [[1.0, -2.0, 0.5], [3.0, 0.7, -1.1], [0.25, 2.0, -0.4]];
        var shapes = Enumerable.Range(0, n)
            .Select(i => (IReadOnlyList<KernelShape>)Enumerable.Range(0, n)
                .Select(j => (i + j) % 2 == 0 ? KernelShape.PolynomialBump : KernelShape.SmoothBump).ToArray())
            .ToArray();
        return new PairwiseModelSpec
        {
            Dimension = dimension,
            Eta = eta,
            Kernel = shape,
            Kernels = mixed ? shapes : null,
            Interaction = a,
            Species = counts.Select(c => new PairwiseSpeciesSpec
            {
                Particles = c,
                Sigma = 1.0,
                Initial = TestSpecs.Gaussian(new double[dimension], 1.0),
            }).ToArray(),
        };
    }

    private static ParticleVectors Place(int dimension, int[] counts, Layout layout, double eta, int seed)
    {
        var random = new System.Random(seed);
        var positions = new ParticleVectors(dimension, counts);
        // Boxes sized so the density gives tens of neighbours per particle in every dimension.
        double side = dimension switch { 1 => 2.0, 2 => 0.6, _ => 0.35 };
        for (int i = 0; i < positions.Total; i++)
        {
            for (int a = 0; a < dimension; a++)
            {
                positions.Axis[a][i] = layout switch
                {
                    Layout.Random => random.NextDouble() * side,
                    _ => (i % 7) switch
                    {
                        0 => 5.0 + 0.01 * random.NextDouble(),            // a distant clump
                        1 => Math.Round(random.NextDouble() * 4) * eta,     // exactly on cell-size multiples
                        2 => -3.0 - 0.05 * i / positions.Total,             // a sparse far line
                        _ => 0.3 * (i % 3) + 0.03 * Gaussian(random),       // tight clusters
                    },
                };
            }
        }
        return positions;
    }

    private static double Gaussian(System.Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
