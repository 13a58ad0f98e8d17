using System.Numerics;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Tests.Statistics;

/// <summary>
/// Exact values as <see cref="BigInteger"/>s in units of 2^-1074, the spacing of the subnormals, of
/// which every finite double is an integer multiple: the reference the exact sums are checked against.
/// </summary>
internal static class ExactReference
{
    public static BigInteger Scaled(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)(bits >> 52) & 0x7FF;
        long mantissa = bits & ((1L << 52) - 1);
        BigInteger magnitude = biased == 0 ? mantissa : (BigInteger)(mantissa | (1L << 52)) << (biased - 1);
        return bits < 0 ? -magnitude : magnitude;
    }

    public static BigInteger Sum(IEnumerable<double> values)
    {
        BigInteger sum = BigInteger.Zero;
        foreach (double x in values) sum += Scaled(x);
        return sum;
    }

    /// <summary>The value of a state in units of 2^-1074: sum_j limb_j 2^(32 (low + j) - 1088 + 1074).</summary>
    public static BigInteger Scaled(ExactSumState state)
    {
        BigInteger value = BigInteger.Zero;
        for (int j = 0; j < state.Limbs.Length; j++) value += (BigInteger)state.Limbs[j] << (32 * (state.LowLimb + j));
        var quotient = BigInteger.DivRem(value, BigInteger.One << 14, out var remainder);
        if (!remainder.IsZero) throw new InvalidOperationException("a state below 2^-1074: not a sum of doubles");
        return quotient;
    }

    /// <summary>True when <paramref name="rounded"/> is within half an ulp of the exact value (correct rounding).</summary>
    public static bool IsCorrectlyRounded(double rounded, BigInteger exact)
    {
        if (double.IsInfinity(rounded)) return BigInteger.Abs(exact) >= Scaled(double.MaxValue) + HalfUlp(double.MaxValue);
        BigInteger error = BigInteger.Abs(exact - Scaled(rounded));
        return error <= HalfUlp(rounded);
    }

    private static BigInteger HalfUlp(double x)
    {
        double magnitude = Math.Abs(x);
        BigInteger ulp = Scaled(Math.BitIncrement(magnitude)) - Scaled(magnitude);
        if (double.IsInfinity(Math.BitIncrement(magnitude))) ulp = Scaled(magnitude) - Scaled(Math.BitDecrement(magnitude));
        return ulp / 2;   // ulps are even multiples of 2^-1074 except in the subnormal range, where sums are exact
    }
}
