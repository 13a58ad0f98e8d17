using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits.Distances;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// One species' PDE density at one output time, prepared once for comparing every realisation's
/// particle cloud with it: its moments and test-function integrals, its CDF (d = 1) or its exact
/// projections on the sliced directions (d &gt;= 2), and a sampler for the sampling floor.
/// </summary>
internal sealed class PreparedLimit
{
    private readonly LineDensity? _line;
    private readonly SlicedWasserstein? _sliced;
    private readonly LimitSampler _sampler;

    private PreparedLimit(UniformGrid grid, double[] density, IReadOnlyList<TestFunctionSpec> functions, HistogramSpec? histogram)
    {
        Reference = LimitReference.Of(grid, density, functions);
        HistogramBins = histogram is null ? [] : HistogramDistance.CellAveragesOn(histogram, grid, density);
        if (grid.Dimension == 1) _line = LineDensity.Of(grid, density);
        else _sliced = SlicedWasserstein.Of(grid, density);
        _sampler = new LimitSampler(grid, density);
    }

    public LimitReference Reference { get; }

    /// <summary>The PDE's mean density on each bin of the spec's histogram (none without one).</summary>
    public double[] HistogramBins { get; }

    public static PreparedLimit Of(UniformGrid grid, double[] density, IReadOnlyList<TestFunctionSpec> functions, HistogramSpec? histogram) =>
        new(grid, density, functions, histogram);

    /// <summary>
    /// The distances of a species' particles to this density, each followed by its sampling floor (the same
    /// distance for as many independent draws from the density), in LimitLayout order: W1, floor, W2, floor
    /// in d = 1; sliced W1, floor otherwise.
    /// </summary>
    public double[] Distances(ParticleVectors positions, int species, NoiseStream noise, uint step)
    {
        int n = positions.Counts[species];
        if (_line is not null)
        {
            var sorted = Wasserstein1D.Sorted(positions.Of(species, 0));
            var (w1, w2) = Wasserstein1D.Between(sorted, _line);
            var floor = SamplingFloor.In1D(_sampler, _line, noise, step, species, n);
            return [w1, floor.W1, w2, floor.W2];
        }
        double sliced = positions.Dimension == 2
            ? _sliced!.W1(positions.Of(species, 0), positions.Of(species, 1))
            : _sliced!.W1(positions.Of(species, 0), positions.Of(species, 1), positions.Of(species, 2));
        return [sliced, SamplingFloor.Sliced(_sampler, _sliced, noise, step, species, n)];
    }
}
