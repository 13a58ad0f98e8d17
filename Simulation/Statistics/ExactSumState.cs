namespace Ensemble.Simulation.Statistics;

/// <summary>
/// The canonical form of an <see cref="ExactSum"/>, for persistence and messages: the exact value is
/// sum_j Limbs[j] 2^(32 (LowLimb + j) - 1088). Canonical means: every limb but the last is a digit in
/// [0, 2^32); the last (top) limb is signed, nonzero, in [-2^32, 2^32), and not -1 unless it is the
/// only limb; the first limb is not a multiple of 2^32; zero is (0, []). Each exact value has exactly
/// one canonical form, so equal values give equal states, and equality here compares the limbs.
/// The array is the state's own; do not change it.
/// </summary>
public sealed record ExactSumState(int LowLimb, long[] Limbs)
{
    /// <summary>
    /// The highest limb index a state may reach. Sums of doubles stay below limb 69 until some 2^64
    /// values of the largest magnitude have been added; the bound only stops absurd input.
    /// </summary>
    public const int MaxLimbIndex = 128;

    private const long DigitBase = 1L << 32;

    /// <summary>Throws <see cref="ArgumentException"/> unless the state is canonical (see the summary).</summary>
    public void Validate()
    {
        if (Limbs is null) throw new ArgumentException("an exact sum state needs a limb array", nameof(Limbs));
        int n = Limbs.Length;
        if (n == 0)
        {
            if (LowLimb != 0) throw new ArgumentException($"zero is the state (0, []), found low limb {LowLimb}", nameof(LowLimb));
            return;
        }
        if (LowLimb < 0 || (long)LowLimb + n - 1 > MaxLimbIndex)
            throw new ArgumentException($"limbs {LowLimb}..{(long)LowLimb + n - 1} lie outside 0..{MaxLimbIndex}", nameof(LowLimb));
        for (int j = 0; j < n - 1; j++)
            if (Limbs[j] is < 0 or >= DigitBase)
                throw new ArgumentException($"limb {j} is {Limbs[j]}, not a digit in [0, 2^32): carries were not propagated", nameof(Limbs));
        long top = Limbs[^1];
        if (top is < -DigitBase or >= DigitBase || top == 0 || (top == -1 && n > 1))
            throw new ArgumentException($"the top limb is {top}: not canonical (nonzero, in [-2^32, 2^32), -1 folded)", nameof(Limbs));
        if (Limbs[0] % DigitBase == 0)
            throw new ArgumentException("the lowest limb is a multiple of 2^32: the window is not trimmed", nameof(Limbs));
    }

    public bool Equals(ExactSumState? other) =>
        other is not null && LowLimb == other.LowLimb && Limbs.AsSpan().SequenceEqual(other.Limbs);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(LowLimb);
        foreach (long limb in Limbs ?? []) hash.Add(limb);
        return hash.ToHashCode();
    }
}
