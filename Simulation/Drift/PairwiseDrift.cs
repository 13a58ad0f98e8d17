using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Neighbours;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model A's drift, eq. (2), in O(particles x neighbours), each unordered pair evaluated once: one <see cref="CellList"/>
/// of cell side >= eta over all species together; each target pairs with the later slots of its own cell and the next
/// one along x, and with the rows of cells after its own (in 2-D the row above; in 3-D 4 rows), i.e. the half of the
/// 3^d stencil after it, through <see cref="PairOnceSum"/>, which adds the pair to the target's sum and subtracts it,
/// with the reverse weight, from the source's. A row of cells is the unit of work: its targets write their own row's
/// buffer and one buffer per direction of the later rows, so every buffer entry has exactly one writing row, a row is
/// summed in one fixed order by one thread, and a particle's drift is the sum of its buffers in a fixed order. Rows
/// may go to any thread in any order: the result does not depend on the thread count, nor on the CPU (the lanes are
/// always 256 bits). One pass per kernel shape in use; a species pair whose two directions use different shapes is
/// evaluated in both shapes' passes, each applying its own direction.
/// </summary>
internal sealed class PairwiseDrift : IDriftField
{
    private static readonly KernelShape[] Shapes = Enum.GetValues<KernelShape>();

    /// <summary>
    /// Cells per eta along x: a row's slice then spans 2.5 eta instead of 3 eta (fewer candidates beyond eta), and the
    /// slices stay contiguous and as many. Measured on W1 (drift per particle-step): at N = 16000 per species 1 -> 2 cells
    /// saves a quarter, 4 and 8 a few per cent more; at N = 1000 each doubling costs a few per cent in per-cell overhead.
    /// </summary>
    private const int SubdivisionX = 2;

    private readonly PairwiseCoefficients _c;
    private readonly CellList _cells;
    private readonly int _threads;
    private readonly int[] _speciesOf;
    private readonly int[] _speciesOfSorted;

    /// <summary>
    /// [target species][shape]: per species j, the coefficient for (target, j) and for (j, target), 0 where the shape
    /// differs; null if unused.
    /// </summary>
    private readonly (double[] In, double[] Out)?[][] _weightTables;

    /// <summary>[target species][shape]: the tables of <see cref="_weightTables"/> spread over the sorted slots.</summary>
    private readonly (double[] In, double[] Out)?[][] _weights;

    /// <summary>[buffer][axis]: 0 is the own row's buffer, 1.. one per direction of the later rows (<see cref="LaterRows"/>).</summary>
    private readonly double[][][] _buffers;

    /// <summary>Per shape: whether any species pair uses it (a pass over the rows otherwise skips every target).</summary>
    private readonly bool[] _shapeUsed;

    public PairwiseDrift(PairwiseModelSpec spec, int threads = 1)
    {
        _c = new PairwiseCoefficients(spec);
        int[] counts = spec.Species.Select(s => s.Particles).ToArray();
        _cells = new CellList(spec.Dimension, counts, mergeSpecies: true, subdivisionX: SubdivisionX);
        _threads = Math.Max(1, threads);
        _speciesOf = counts.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();
        int total = _speciesOf.Length, species = counts.Length;
        _speciesOfSorted = new int[total];
        _weightTables = new (double[], double[])?[species][];
        _weights = new (double[], double[])?[species][];
        for (int i = 0; i < species; i++)
        {
            _weightTables[i] = new (double[], double[])?[Shapes.Length];
            _weights[i] = new (double[], double[])?[Shapes.Length];
            for (int shape = 0; shape < Shapes.Length; shape++)
            {
                var table = WeightTable(i, Shapes[shape], species);
                if (table is null) continue;
                _weightTables[i][shape] = table;
                _weights[i][shape] = (new double[total + ParticleVectors.Padding], new double[total + ParticleVectors.Padding]);
            }
        }
        _shapeUsed = Enumerable.Range(0, Shapes.Length).Select(shape => _weights.Any(w => w[shape] is not null)).ToArray();
        _buffers = new double[1 + LaterRows(spec.Dimension).Length][][];
        for (int b = 0; b < _buffers.Length; b++)
        {
            _buffers[b] = new double[spec.Dimension][];
            for (int a = 0; a < spec.Dimension; a++) _buffers[b][a] = new double[total + ParticleVectors.Padding];
        }
    }

    /// <summary>The cell list of the last evaluation (for tests and pair counting).</summary>
    public CellList Cells => _cells;

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        _cells.Build(positions, _c.Eta);
        int total = positions.Total;
        FillWeights(total);
        foreach (double[][] buffer in _buffers)
        foreach (double[] axis in buffer)
            Array.Clear(axis);
        int rows = _cells.CellsY * _cells.CellsZ;
        if (_threads == 1 || total < 512 || rows < 2)
        {
            EvaluateRows(0, rows, exactTail: false);
        }
        else
        {
            int chunks = Math.Min(rows, _threads * 4);
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                c => EvaluateRows((int)((long)rows * c / chunks), (int)((long)rows * (c + 1) / chunks), exactTail: true));
        }
        Gather(total, drift);
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

    /// <summary>The (dy, dz) of the rows of cells after a row, within the half stencil; buffer 1 + index receives their share.</summary>
    private static (int Y, int Z)[] LaterRows(int dimension) => dimension switch
    {
        1 => [],
        2 => [(1, 0)],
        _ => [(1, 0), (-1, 1), (0, 1), (1, 1)],
    };

    /// <summary>
    /// Per source species: the weights of a target of <paramref name="target"/> in <paramref name="shape"/>'s pass, or
    /// null if the pass has no pair.
    /// </summary>
    private (double[] In, double[] Out)? WeightTable(int target, KernelShape shape, int species)
    {
        var weightIn = new double[species];
        var weightOut = new double[species];
        for (int j = 0; j < species; j++)
        {
            weightIn[j] = _c.Shape[target, j] == shape ? _c.Coefficient[target, j] : 0.0;
            weightOut[j] = _c.Shape[j, target] == shape ? _c.Coefficient[j, target] : 0.0;
        }
        return weightIn.Any(w => w != 0.0) || weightOut.Any(w => w != 0.0) ? (weightIn, weightOut) : null;
    }

    private void FillWeights(int total)
    {
        int[] original = _cells.SortedToOriginal;
        for (int g = 0; g < total; g++) _speciesOfSorted[g] = _speciesOf[original[g]];
        for (int i = 0; i < _weights.Length; i++)
        for (int shape = 0; shape < Shapes.Length; shape++)
        {
            if (_weights[i][shape] is not var (weightIn, weightOut)) continue;
            var (tableIn, tableOut) = _weightTables[i][shape]!.Value;
            for (int g = 0; g < total; g++)
            {
                int j = _speciesOfSorted[g];
                weightIn[g] = tableIn[j];
                weightOut[g] = tableOut[j];
            }
        }
    }

    /// <summary>A particle's drift: its own row's buffer, then those of the later-row directions, in that order.</summary>
    private void Gather(int total, ParticleVectors drift)
    {
        int[] original = _cells.SortedToOriginal;
        for (int a = 0; a < _cells.Dimension; a++)
        {
            double[] target = drift.Axis[a], own = _buffers[0][a];
            for (int g = 0; g < total; g++)
            {
                double sum = own[g];
                for (int b = 1; b < _buffers.Length; b++) sum += _buffers[b][a][g];
                target[original[g]] = sum;
            }
        }
    }

    private void EvaluateRows(int from, int to, bool exactTail)
    {
        for (int row = from; row < to; row++)
        for (int shape = 0; shape < Shapes.Length; shape++)
        {
            if (!_shapeUsed[shape]) continue;
            var call = new RowCall(this, row, shape, exactTail);
            switch (_cells.Dimension)
            {
                case 1:
                    KernelProfiles.Dispatch<RowCall<OneAxis>, bool>(Shapes[shape], new(call));
                    break;
                case 2:
                    KernelProfiles.Dispatch<RowCall<TwoAxes>, bool>(Shapes[shape], new(call));
                    break;
                default:
                    KernelProfiles.Dispatch<RowCall<ThreeAxes>, bool>(Shapes[shape], new(call));
                    break;
            }
        }
    }

    private readonly record struct RowCall(PairwiseDrift Drift, int Row, int Shape, bool ExactTail);

    private readonly struct RowCall<TAxes>(RowCall call) : IProfileCall<bool> where TAxes : struct, IAxisCount
    {
        public bool Invoke<TProfile>() where TProfile : struct, IKernelProfile
        {
            call.Drift.EvaluateRow<TProfile, TAxes>(call.Row, call.Shape, call.ExactTail);
            return true;
        }
    }

    /// <summary>Every target of one row of cells in one shape's pass, in slot order.</summary>
    private void EvaluateRow<TProfile, TAxes>(int row, int shape, bool exactTail)
        where TProfile : struct, IKernelProfile
        where TAxes : struct, IAxisCount
    {
        CellList cells = _cells;
        int[] start = cells.CellStart[0];
        int nx = cells.CellsX, ny = cells.CellsY, nz = cells.CellsZ;
        int y = row % ny, z = row / ny;
        (int Y, int Z)[] later = LaterRows(TAxes.Count);
        Span<int> laterRow = stackalloc int[4];
        Span<int> laterBuffer = stackalloc int[4];
        int laterCount = 0;
        for (int b = 0; b < later.Length; b++)
        {
            int ly = y + later[b].Y, lz = z + later[b].Z;
            if (ly < 0 || ly >= ny || lz >= nz) continue;
            laterRow[laterCount] = lz * ny + ly;
            laterBuffer[laterCount++] = b + 1;
        }
        double[][] axis = cells.Sorted.Axis;
        double[][] own = _buffers[0];
        var slicesOnStack = new PairOnceSum.Slices();
        Span<PairOnceSum.Slice> slices = slicesOnStack;
        for (int cx = 0; cx < nx; cx++)
        {
            int cell = row * nx + cx;
            int first = start[cell], last = start[cell + 1];
            if (first == last) continue;
            int reach = cells.SubdivisionX;
            int sameEnd = start[row * nx + Math.Min(cx + reach, nx - 1) + 1];
            int x0 = Math.Max(cx - reach, 0), x1 = Math.Min(cx + reach, nx - 1);
            int count = 1;
            for (int r = 0; r < laterCount; r++)
            {
                int baseCell = laterRow[r] * nx;
                int from = start[baseCell + x0], to = start[baseCell + x1 + 1];
                if (from < to) slices[count++] = new(from, from, to, _buffers[laterBuffer[r]]);
            }
            for (int g = first; g < last; g++)
            {
                if (_weights[_speciesOfSorted[g]][shape] is not var (weightIn, weightOut)) continue;
                slices[0] = new(first, g + 1, sameEnd, own);
                PairOnceSum.Target<TProfile, TAxes>(g, axis, weightIn, weightOut, _c.InverseEtaSquared, slices[..count], own, exactTail);
            }
        }
    }

}
