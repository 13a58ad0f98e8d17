using Ensemble.Simulation.Random;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// Independent draws from a PDE density given by cell averages on a <see cref="UniformGrid"/>: the sampling
/// floor of a distance to the limit. The same distance computed on N such draws (instead of the N particles)
/// is what N independent samples of the PDE would give, ~ N^-1/2 in 1D; a particle distance well above it
/// is a distance to the limit that sampling alone does not explain.
/// A draw picks a cell by inverse CDF (binary search over the cumulative cell masses, summed once in cell
/// order) and a point uniformly inside it. Its random numbers come from the realisation's
/// <see cref="NoiseStream"/> with <see cref="NoisePurpose.LimitSample"/>, addressed by (step, species, particle):
/// block 0 picks the cell, block 1 + a the offset on axis a. So the floor of realisation r is fixed by
/// (seed, r) and independent of its particle noise; and two densities (say the nonlocal and the local
/// solution) sampled at the same address share their uniforms (common random numbers).
/// Build once per density and share: immutable and thread-safe.
/// </summary>
internal sealed class LimitSampler
{
    private readonly UniformGrid _grid;
    private readonly double[] _cumulative;
    private readonly int _lastOccupied;

    public LimitSampler(UniformGrid grid, ReadOnlySpan<double> density)
    {
        if (density.Length != grid.CellCount) throw new ArgumentException($"{grid.CellCount} cell values, found {density.Length}", nameof(density));
        _grid = grid;
        _cumulative = new double[grid.CellCount + 1];
        for (int c = 0; c < grid.CellCount; c++)
        {
            double value = density[c];
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentException($"a nonnegative finite density, found {value} in cell {c}", nameof(density));
            _cumulative[c + 1] = _cumulative[c] + value;
        }
        if (!(_cumulative[^1] > 0)) throw new ArgumentException("a density of positive mass", nameof(density));
        _lastOccupied = grid.CellCount - 1;
        while (density[_lastOccupied] == 0) _lastOccupied--;
    }

    public int Dimension => _grid.Dimension;

    /// <summary>
    /// Draw number <paramref name="particle"/> for (<paramref name="step"/>, <paramref name="species"/>) into
    /// <paramref name="point"/> (d coordinates). The step is the output step the floor is for (the snapshot's Step).
    /// </summary>
    public void Sample(in NoiseStream noise, uint step, int species, int particle, Span<double> point)
    {
        double target = noise.Uniform(NoisePurpose.LimitSample, step, species, particle, 0) * _cumulative[^1];
        int cell = CellAt(target);
        for (int a = 0; a < _grid.Dimension; a++)
        {
            double offset = noise.Uniform(NoisePurpose.LimitSample, step, species, particle, 1 + a);
            point[a] = _grid.Lower[a] + (_grid.IndexOn(cell, a) + offset) * _grid.Spacing;
        }
    }

    /// <summary>
    /// Draws 0 .. x.Length - 1 into x (and y, z for d = 2, 3; empty spans beyond the grid's dimension).
    /// </summary>
    public void Fill(in NoiseStream noise, uint step, int species, Span<double> x, Span<double> y = default, Span<double> z = default)
    {
        int d = _grid.Dimension, n = x.Length;
        if ((d >= 2 ? y.Length != n : !y.IsEmpty) || (d >= 3 ? z.Length != n : !z.IsEmpty))
            throw new ArgumentException($"{d} coordinate spans of the same length for a {d}D density");
        Span<double> point = stackalloc double[d];
        for (int p = 0; p < n; p++)
        {
            Sample(noise, step, species, p, point);
            x[p] = point[0];
            if (d >= 2) y[p] = point[1];
            if (d >= 3) z[p] = point[2];
        }
    }

    /// <summary>The first cell c with cumulative[c + 1] &gt; target (never an empty cell), for target in [0, total).</summary>
    private int CellAt(double target)
    {
        int low = 0, high = _grid.CellCount - 1;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (_cumulative[mid + 1] > target) high = mid;
            else low = mid + 1;
        }
        // u total can round up to the total itself: then no cumulative exceeds it, and the last occupied cell is meant.
        return Math.Min(low, _lastOccupied);
    }
}
