using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Neighbours;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model A's drift, eq. (2), in O(particles x neighbours): one <see cref="CellList"/> of cell side
/// >= eta over all species together, then for each target the vectorised <see cref="NeighbourSum"/>
/// over its 1, 3 or 9 contiguous neighbour slices. Every source carries a weight — the coefficient
/// of its species for the target's species (see <see cref="PairwiseCoefficients"/>), refreshed per
/// step in sorted order — so all species are summed in one pass (one pass per kernel shape when a
/// target species sees several). Targets are visited in cell order and can be split over
/// threads; each target's sum is computed by one thread in a fixed order, so the result does not
/// depend on the thread count.
/// </summary>
internal sealed class PairwiseDrift : IDriftField
{
    private static readonly KernelShape[] Shapes = Enum.GetValues<KernelShape>();

    private readonly PairwiseCoefficients _c;
    private readonly CellList _cells;
    private readonly int _threads;
    private readonly int[] _speciesOf;

    /// <summary>[target species][shape]: per sorted slot, the source's coefficient, or null if the shape is unused.</summary>
    private readonly double[]?[][] _weights;

    public PairwiseDrift(PairwiseModelSpec spec, int threads = 1)
    {
        _c = new PairwiseCoefficients(spec);
        int[] counts = spec.Species.Select(s => s.Particles).ToArray();
        _cells = new CellList(spec.Dimension, counts, mergeSpecies: true);
        _threads = Math.Max(1, threads);
        _speciesOf = counts.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();
        int total = _speciesOf.Length;
        _weights = new double[counts.Length][][];
        for (int i = 0; i < counts.Length; i++)
        {
            _weights[i] = new double[Shapes.Length][];
            for (int shape = 0; shape < Shapes.Length; shape++)
            {
                bool used = Enumerable.Range(0, counts.Length).Any(j => _c.Shape[i, j] == Shapes[shape] && _c.Coefficient[i, j] != 0.0);
                _weights[i][shape] = used ? new double[total + ParticleVectors.Padding] : null;
            }
        }
    }

    /// <summary>The cell list of the last evaluation (for tests and pair counting).</summary>
    public CellList Cells => _cells;

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        _cells.Build(positions, _c.Eta);
        FillWeights(positions.Total);
        int total = positions.Total;
        if (_threads == 1 || total < 512)
        {
            EvaluateSlots(0, total, drift);
            return;
        }
        int chunks = _threads * 4;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            c => EvaluateSlots((int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks), drift));
    }

    /// <summary>Pairs within distance eta (self excluded) in the current cell list, for the benchmark's per-pair cost.</summary>
    public long CountPairsWithinRadius()
    {
        var sorted = _cells.Sorted;
        int d = sorted.Dimension;
        long pairs = 0;
        Span<(int, int)> slices = stackalloc (int, int)[9];
        for (int g = 0; g < sorted.Total; g++)
        {
            var (cx, cy, cz) = _cells.Coordinates(_cells.CellOfSorted(g));
            int n = _cells.NeighbourSlices(0, cx, cy, cz, slices);
            foreach ((int start, int end) in slices[..n])
            for (int l = start; l < end; l++)
            {
                double s = 0;
                for (int a = 0; a < d; a++)
                {
                    double z = sorted.Axis[a][g] - sorted.Axis[a][l];
                    s += z * z;
                }
                if (l != g && s < _c.Eta * _c.Eta) pairs++;
            }
        }
        return pairs;
    }

    private void FillWeights(int total)
    {
        int[] original = _cells.SortedToOriginal;
        for (int i = 0; i < _weights.Length; i++)
        for (int shape = 0; shape < Shapes.Length; shape++)
        {
            if (_weights[i][shape] is not { } w) continue;
            for (int g = 0; g < total; g++)
            {
                int j = _speciesOf[original[g]];
                w[g] = _c.Shape[i, j] == Shapes[shape] ? _c.Coefficient[i, j] : 0.0;
            }
        }
    }

    private void EvaluateSlots(int from, int to, ParticleVectors drift)
    {
        double[][] axis = _cells.Sorted.Axis;
        int d = _cells.Dimension;
        double inverseEta2 = _c.InverseEtaSquared;
        Span<(int Start, int End)> slices = stackalloc (int, int)[9];
        int count = 0, currentCell = -1;
        for (int g = from; g < to; g++)
        {
            int cell = _cells.CellOfSorted(g);
            if (cell != currentCell)
            {
                currentCell = cell;
                var (cx, cy, cz) = _cells.Coordinates(cell);
                count = _cells.NeighbourSlices(0, cx, cy, cz, slices);
            }
            ReadOnlySpan<(int, int)> mine = slices[..count];
            int target = _cells.SortedToOriginal[g];
            double[]?[] weights = _weights[_speciesOf[target]];
            double ax = 0, ay = 0, az = 0;
            for (int shape = 0; shape < Shapes.Length; shape++)
            {
                if (weights[shape] is not { } w) continue;
                KernelShape kernel = Shapes[shape];
                switch (d)
                {
                    case 1:
                        ax += NeighbourSum.Sum1D(kernel, axis[0][g], axis[0], w, mine, inverseEta2);
                        break;
                    case 2:
                    {
                        var (sx, sy) = NeighbourSum.Sum2D(kernel, axis[0][g], axis[1][g], axis[0], axis[1], w, mine, inverseEta2);
                        ax += sx;
                        ay += sy;
                        break;
                    }
                    default:
                    {
                        var (sx, sy, sz) = NeighbourSum.Sum3D(kernel, axis[0][g], axis[1][g], axis[2][g], axis[0], axis[1], axis[2], w, mine, inverseEta2);
                        ax += sx;
                        ay += sy;
                        az += sz;
                        break;
                    }
                }
            }
            drift.Axis[0][target] = ax;
            if (d > 1) drift.Axis[1][target] = ay;
            if (d > 2) drift.Axis[2][target] = az;
        }
    }
}
