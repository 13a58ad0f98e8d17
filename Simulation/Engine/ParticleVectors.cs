namespace Ensemble.Simulation.Engine;

/// <summary>
/// One d-vector per particle of every species — positions, or drifts — as structure of arrays:
/// <c>Axis[a][Offset(k) + p]</c> is component a of particle p of species k. Contiguous per axis
/// so kernels stream through memory and vectorise; padded so a vector load past the end is safe.
/// </summary>
internal sealed class ParticleVectors
{
    /// <summary>Extra doubles after the last particle, enough for one 512-bit load.</summary>
    public const int Padding = 8;

    private readonly int[] _offsets;
    private readonly int[] _counts;

    public ParticleVectors(int dimension, IReadOnlyList<int> counts)
    {
        Dimension = dimension;
        _counts = counts.ToArray();
        _offsets = new int[_counts.Length + 1];
        for (int k = 0; k < _counts.Length; k++) _offsets[k + 1] = _offsets[k] + _counts[k];
        Total = _offsets[^1];
        Axis = new double[dimension][];
        for (int a = 0; a < dimension; a++) Axis[a] = new double[Total + Padding];
    }

    public int Dimension { get; }
    public int SpeciesCount => _counts.Length;
    public IReadOnlyList<int> Counts => _counts;
    public int Total { get; }
    public double[][] Axis { get; }

    public int Offset(int species) => _offsets[species];

    /// <summary>One past the last global index of <paramref name="species"/>.</summary>
    public int End(int species) => _offsets[species + 1];

    /// <summary>Component <paramref name="axis"/> of every particle of <paramref name="species"/>.</summary>
    public Span<double> Of(int species, int axis) => Axis[axis].AsSpan(_offsets[species], _counts[species]);

    public void CopyTo(ParticleVectors target)
    {
        for (int a = 0; a < Dimension; a++) Axis[a].AsSpan(0, Total).CopyTo(target.Axis[a]);
    }

    public ParticleVectors Clone()
    {
        var copy = new ParticleVectors(Dimension, Counts);
        CopyTo(copy);
        return copy;
    }

    /// <summary>Largest |component| over all particles and axes (the max norm used to compare drifts and states).</summary>
    public double MaxAbs() => MaxAbsDifference(null);

    /// <summary>Largest |this - other| over all particles and axes; other = null gives <see cref="MaxAbs"/>.</summary>
    public double MaxAbsDifference(ParticleVectors? other)
    {
        double worst = 0.0;
        for (int a = 0; a < Dimension; a++)
        for (int i = 0; i < Total; i++)
            worst = Math.Max(worst, Math.Abs(Axis[a][i] - (other?.Axis[a][i] ?? 0.0)));
        return worst;
    }

    /// <summary>Position of one particle, copied into <paramref name="into"/>.</summary>
    public void Get(int species, int particle, Span<double> into)
    {
        int index = _offsets[species] + particle;
        for (int a = 0; a < Dimension; a++) into[a] = Axis[a][index];
    }
}
