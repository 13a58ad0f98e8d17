using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Neighbours;

/// <summary>
/// A uniform grid of cells no smaller than the interaction radius over the particles' bounding box,
/// with particles counting-sorted by cell (row-major, x fastest) — each species on its own, or all
/// species together as one group (<c>mergeSpecies</c>), so a neighbour slice holds every species. Every particle
/// within the radius of a point therefore lies in the 3^d cells around it, and because x is the
/// fastest index, each row of three neighbouring cells is one contiguous slice of the sorted
/// arrays: 1 slice in 1D, 3 in 2D, 9 in 3D. The sort is stable, so the order — and with it every
/// floating-point sum over neighbours — depends on the positions alone.
/// All buffers are allocated once; <see cref="Build"/> allocates nothing.
/// </summary>
internal sealed class CellList
{
    private readonly int[] _cellOfSorted;
    private readonly int[] _cellOfParticle;
    private readonly int _maxCells;

    private readonly bool _merged;

    /// <param name="subdivisionX">
    /// cells per radius along x (cells along y and z stay >= the radius): the neighbour slices then reach
    /// <paramref name="subdivisionX"/> cells either side along x, and being narrower they hold fewer particles beyond the radius
    /// </param>
    public CellList(int dimension, IReadOnlyList<int> counts, bool mergeSpecies = false, int subdivisionX = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subdivisionX, 1);
        _merged = mergeSpecies;
        SubdivisionX = subdivisionX;
        Dimension = dimension;
        Sorted = new ParticleVectors(dimension, counts);
        SortedToOriginal = new int[Sorted.Total];
        _cellOfSorted = new int[Sorted.Total];
        _cellOfParticle = new int[Sorted.Total];
        // Enough cells for a few particles each on average; a spread-out or blown-up cloud gets
        // larger cells rather than an unbounded grid.
        _maxCells = Math.Max(64, 4 * Sorted.Total) * subdivisionX;
        CellStart = new int[mergeSpecies ? 1 : counts.Count][];
        for (int k = 0; k < CellStart.Length; k++) CellStart[k] = new int[_maxCells + 2];
    }

    public int Dimension { get; }

    /// <summary>Cells per radius along x: a neighbour slice spans this many cells either side of its own.</summary>
    public int SubdivisionX { get; }

    /// <summary>
    /// Positions reordered by cell within each group. Per species, the species offsets are those of
    /// the input; merged, slots [0, Total) mix all species.
    /// </summary>
    public ParticleVectors Sorted { get; }

    /// <summary>For a sorted slot, the particle's index within its group: within its species, or its global index when merged.</summary>
    public int[] SortedToOriginal { get; }

    /// <summary>Per group (species, or the single merged group): first sorted slot of each cell; entry [cells] ends the group.</summary>
    public int[][] CellStart { get; }


    public int CellsX { get; private set; } = 1;
    public int CellsY { get; private set; } = 1;
    public int CellsZ { get; private set; } = 1;
    public int CellCount => CellsX * CellsY * CellsZ;

    private readonly double[] _origin = new double[3];
    private readonly double[] _inverseCellSize = new double[3];

    /// <summary>Side of a cell along each axis (at least the radius passed to <see cref="Build"/>, divided by <see cref="SubdivisionX"/> along x).</summary>
    public double CellSize(int axis) => 1.0 / _inverseCellSize[axis];

    public void Build(ParticleVectors positions, double radius)
    {
        ChooseGrid(positions, radius);
        AssignCells(positions);
        if (_merged) SortGroup(positions, 0, 0, positions.Total);
        else for (int k = 0; k < positions.SpeciesCount; k++) SortGroup(positions, k, positions.Offset(k), positions.Counts[k]);
    }

    /// <summary>Cell coordinate along one axis, clamped into the grid.</summary>
    public int CellCoordinate(int axis, double x)
    {
        int c = (int)((x - _origin[axis]) * _inverseCellSize[axis]);
        int n = axis == 0 ? CellsX : axis == 1 ? CellsY : CellsZ;
        return c < 0 ? 0 : c >= n ? n - 1 : c;
    }

    /// <summary>
    /// The contiguous sorted slices of a group covering the cells around cell (cx, cy, cz) that can hold a point within
    /// the radius (3^d of them, or 2 <see cref="SubdivisionX"/> + 1 along x); returns how many were written (at most 9).
    /// </summary>
    public int NeighbourSlices(int group, int cx, int cy, int cz, Span<(int Start, int End)> slices)
    {
        int[] start = CellStart[group];
        int x0 = Math.Max(cx - SubdivisionX, 0), x1 = Math.Min(cx + SubdivisionX, CellsX - 1);
        int y0 = Math.Max(cy - 1, 0), y1 = Math.Min(cy + 1, CellsY - 1);
        int z0 = Math.Max(cz - 1, 0), z1 = Math.Min(cz + 1, CellsZ - 1);
        int written = 0;
        for (int z = z0; z <= z1; z++)
        for (int y = y0; y <= y1; y++)
        {
            int row = (z * CellsY + y) * CellsX;
            int s = start[row + x0], e = start[row + x1 + 1];
            if (e > s) slices[written++] = (s, e);
        }
        return written;
    }

    private void ChooseGrid(ParticleVectors positions, double radius)
    {
        int d = Dimension;
        Span<int> cells = stackalloc int[3] { 1, 1, 1 };
        Span<double> extent = stackalloc double[3];
        for (int a = 0; a < d; a++)
        {
            ReadOnlySpan<double> x = positions.Axis[a].AsSpan(0, positions.Total);
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in x)
            {
                if (v < min) min = v;
                if (v > max) max = v;
            }
            _origin[a] = min;
            extent[a] = Math.Max(max - min, radius);
            double side = a == 0 ? radius / SubdivisionX : radius;
            cells[a] = (int)Math.Clamp(Math.Floor(extent[a] / side), 1.0, _maxCells);
        }
        // Cap the grid: shrink every axis by the same factor until the product fits. The layout decides
        // the order in which a particle's neighbours are summed, so it must not depend on the CPU:
        // hence the fixed-bit power, not Math.Pow.
        double product = (double)cells[0] * cells[1] * cells[2];
        if (product > _maxCells)
        {
            double shrink = FixedPow.Pow(_maxCells / product, 1.0 / d);
            for (int a = 0; a < d; a++) cells[a] = Math.Max(1, (int)(cells[a] * shrink));
        }
        for (int a = 0; a < d; a++)
        {
            // Slightly enlarged cells keep the maximum point inside the last cell and keep the
            // side >= radius despite rounding.
            _inverseCellSize[a] = cells[a] / (extent[a] * (1.0 + 1e-12));
        }
        CellsX = cells[0];
        CellsY = cells[1];
        CellsZ = cells[2];
    }

    /// <summary>The row-major cell of every particle: <see cref="CellCoordinate"/> per axis, one axis at a time over all particles.</summary>
    private void AssignCells(ParticleVectors positions)
    {
        int total = positions.Total;
        int[] cellOf = _cellOfParticle;
        Array.Clear(cellOf, 0, total);
        int stride = 1;
        for (int a = 0; a < Dimension; a++)
        {
            double[] x = positions.Axis[a];
            double origin = _origin[a], inverse = _inverseCellSize[a];
            int last = (a == 0 ? CellsX : a == 1 ? CellsY : CellsZ) - 1;
            for (int i = 0; i < total; i++)
            {
                int c = (int)((x[i] - origin) * inverse);
                cellOf[i] += stride * (c < 0 ? 0 : c > last ? last : c);
            }
            stride *= last + 1;
        }
    }

    private void SortGroup(ParticleVectors positions, int group, int offset, int count)
    {
        int[] start = CellStart[group];
        int cells = CellCount;
        Array.Clear(start, 0, cells + 2);
        for (int p = 0; p < count; p++) start[_cellOfParticle[offset + p] + 2]++;
        start[0] = offset;
        start[1] = offset;
        for (int c = 2; c <= cells + 1; c++) start[c] += start[c - 1];
        // start[c + 1] is now the insertion cursor of cell c; after the scatter it is the end of
        // cell c, i.e. start[c] is the first slot of cell c.
        int[] cellOf = _cellOfParticle, toOriginal = SortedToOriginal, cellOfSorted = _cellOfSorted;
        for (int p = 0; p < count; p++)
        {
            int cell = cellOf[offset + p];
            int slot = start[cell + 1]++;
            toOriginal[slot] = p;
            cellOfSorted[slot] = cell;
        }
        // The positions follow, one axis at a time (a gather through the permutation just written).
        for (int a = 0; a < Dimension; a++)
        {
            double[] from = positions.Axis[a], to = Sorted.Axis[a];
            for (int slot = offset; slot < offset + count; slot++) to[slot] = from[offset + toOriginal[slot]];
        }
    }

    /// <summary>Cell index (row-major) of a sorted slot.</summary>
    public int CellOfSorted(int slot) => _cellOfSorted[slot];

    /// <summary>Splits a row-major cell index into (cx, cy, cz).</summary>
    public (int X, int Y, int Z) Coordinates(int cell)
    {
        int x = cell % CellsX;
        int rest = cell / CellsX;
        return (x, rest % CellsY, rest / CellsY);
    }
}
