using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Neighbours;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model A's drift, eq. (2), in O(particles x neighbours): a <see cref="CellList"/> of cell side
/// >= eta, then for each target the vectorised <see cref="NeighbourSum"/> over the contiguous
/// neighbour slices of each source species. Targets are visited in cell order (neighbouring
/// targets share slices and cache lines) and can be split over threads; each target's sum is
/// computed by one thread in a fixed order, so the result does not depend on the thread count.
/// </summary>
public sealed class PairwiseDrift : IDriftField
{
    private readonly PairwiseCoefficients _c;
    private readonly CellList _cells;
    private readonly int _threads;

    public PairwiseDrift(PairwiseModelSpec spec, int threads = 1)
    {
        _c = new PairwiseCoefficients(spec);
        _cells = new CellList(spec.Dimension, spec.Species.Select(s => s.Particles).ToArray());
        _threads = Math.Max(1, threads);
    }

    /// <summary>The cell list of the last evaluation (for tests and pair counting).</summary>
    public CellList Cells => _cells;

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        _cells.Build(positions, _c.Eta);
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
            for (int j = 0; j < sorted.SpeciesCount; j++)
            {
                int n = _cells.NeighbourSlices(j, cx, cy, cz, slices);
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
        }
        return pairs;
    }

    private void EvaluateSlots(int from, int to, ParticleVectors drift)
    {
        ParticleVectors sorted = _cells.Sorted;
        int species = sorted.SpeciesCount, d = sorted.Dimension;
        double[][] axis = sorted.Axis;
        double inverseEta2 = _c.InverseEtaSquared;
        Span<(int Start, int End)> slices = stackalloc (int, int)[9 * species];
        Span<int> sliceCount = stackalloc int[species];
        int currentCell = -1;
        int i = 0;
        for (int g = from; g < to; g++)
        {
            while (g >= sorted.End(i)) i++;
            int cell = _cells.CellOfSorted(g);
            if (cell != currentCell)
            {
                currentCell = cell;
                var (cx, cy, cz) = _cells.Coordinates(cell);
                for (int j = 0; j < species; j++)
                    sliceCount[j] = _cells.NeighbourSlices(j, cx, cy, cz, slices.Slice(9 * j, 9));
            }
            double ax = 0, ay = 0, az = 0;
            for (int j = 0; j < species; j++)
            {
                double coefficient = _c.Coefficient[i, j];
                if (coefficient == 0.0 || sliceCount[j] == 0) continue;
                ReadOnlySpan<(int, int)> mine = slices.Slice(9 * j, sliceCount[j]);
                bool polynomial = _c.Shape[i, j] == KernelShape.PolynomialBump;
                switch (d)
                {
                    case 1:
                    {
                        double sx = polynomial
                            ? NeighbourSum.Sum1D<PolynomialProfile>(axis[0][g], axis[0], mine, inverseEta2)
                            : NeighbourSum.Sum1D<SmoothProfile>(axis[0][g], axis[0], mine, inverseEta2);
                        ax += coefficient * sx;
                        break;
                    }
                    case 2:
                    {
                        var (sx, sy) = polynomial
                            ? NeighbourSum.Sum2D<PolynomialProfile>(axis[0][g], axis[1][g], axis[0], axis[1], mine, inverseEta2)
                            : NeighbourSum.Sum2D<SmoothProfile>(axis[0][g], axis[1][g], axis[0], axis[1], mine, inverseEta2);
                        ax += coefficient * sx;
                        ay += coefficient * sy;
                        break;
                    }
                    default:
                    {
                        var (sx, sy, sz) = polynomial
                            ? NeighbourSum.Sum3D<PolynomialProfile>(axis[0][g], axis[1][g], axis[2][g], axis[0], axis[1], axis[2], mine, inverseEta2)
                            : NeighbourSum.Sum3D<SmoothProfile>(axis[0][g], axis[1][g], axis[2][g], axis[0], axis[1], axis[2], mine, inverseEta2);
                        ax += coefficient * sx;
                        ay += coefficient * sy;
                        az += coefficient * sz;
                        break;
                    }
                }
            }
            int target = sorted.Offset(i) + _cells.SortedToOriginal[g];
            drift.Axis[0][target] = ax;
            if (d > 1) drift.Axis[1][target] = ay;
            if (d > 2) drift.Axis[2][target] = az;
        }
    }
}
