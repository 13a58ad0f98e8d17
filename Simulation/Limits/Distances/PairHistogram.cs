using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// The joint bin of the tagged pair's first coordinates (Corollary 1.11, M = 2): B equal bins of [lower, upper]
/// per particle (upper edge in the last bin, as Simulation/Observables/Histogram), joint index i0 + B i1 with
/// i0 particle 0's bin and i1 particle 1's. Per realisation the accumulator averages the one-hot vector of
/// <see cref="Slots"/> = B^2 + 1 entries (the last is "either particle outside"), so the means across
/// realisations are the joint frequencies that <see cref="PairChaos.TotalVariation"/> reads.
/// </summary>
public sealed class PairHistogram
{
    private readonly double _lower;
    private readonly double _upper;
    private readonly double _inverseWidth;

    public PairHistogram(PairHistogramSpec spec)
    {
        if (!(spec.Upper > spec.Lower) || !double.IsFinite(spec.Lower) || !double.IsFinite(spec.Upper))
            throw new ArgumentException($"pairHistogram: finite lower < upper, found {spec.Lower} and {spec.Upper}", nameof(spec));
        if (spec.Bins < 1) throw new ArgumentException($"pairHistogram.bins: at least 1, found {spec.Bins}", nameof(spec));
        _lower = spec.Lower;
        _upper = spec.Upper;
        _inverseWidth = spec.Bins / (spec.Upper - spec.Lower);
        Bins = spec.Bins;
    }

    /// <summary>B, the bins per particle.</summary>
    public int Bins { get; }

    /// <summary>B^2 joint bins and the outside slot.</summary>
    public int Slots => Bins * Bins + 1;

    /// <summary>The index of the outside slot, B^2.</summary>
    public int OutsideSlot => Bins * Bins;

    /// <summary>The joint bin i0 + B i1, or -1 when either coordinate is outside [lower, upper] (or not finite).</summary>
    public int BinOf(double x0, double x1)
    {
        int i0 = BinOf(x0), i1 = BinOf(x1);
        return i0 < 0 || i1 < 0 ? -1 : i0 + Bins * i1;
    }

    /// <summary><see cref="BinOf(double, double)"/> with -1 mapped to <see cref="OutsideSlot"/>.</summary>
    public int SlotOf(double x0, double x1)
    {
        int bin = BinOf(x0, x1);
        return bin < 0 ? OutsideSlot : bin;
    }

    /// <summary>Writes the one-hot vector of the pair (length <see cref="Slots"/>).</summary>
    public void OneHot(double x0, double x1, Span<double> into)
    {
        if (into.Length != Slots) throw new ArgumentException($"{Slots} slots, found {into.Length}", nameof(into));
        into.Clear();
        into[SlotOf(x0, x1)] = 1.0;
    }

    private int BinOf(double x)
    {
        // The upper edge by comparison, not from u: (upper - lower) B / (upper - lower) may round either side of B.
        if (x == _upper) return Bins - 1;
        double u = (x - _lower) * _inverseWidth;
        if (!(u >= 0) || !(x < _upper)) return -1;
        return Math.Min((int)u, Bins - 1);
    }
}
