namespace Ensemble.Tests.Numerics;

/// <summary>Distances in units in the last place, and random doubles spread over every binade.</summary>
internal static class Ulps
{
    /// <summary>How many doubles lie between a and b (0 when equal, including two NaNs); long.MaxValue if only one is NaN.</summary>
    public static long Between(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        long oa = Ordered(a), ob = Ordered(b);
        return oa > ob ? oa - ob : ob - oa;
    }

    /// <summary>The bits of x as a signed integer that orders like x itself (-0 and +0 both 0).</summary>
    private static long Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : -(bits & long.MaxValue);
    }

    /// <summary>A positive finite double with random significand and an exponent uniform over all binades, subnormals included.</summary>
    public static double AnyPositive(System.Random random)
    {
        ulong exponent = (ulong)random.Next(0, 2047);
        ulong significand = (ulong)random.NextInt64(0, 1L << 52);
        double x = BitConverter.UInt64BitsToDouble((exponent << 52) | significand);
        return x == 0.0 ? double.Epsilon : x;
    }

    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
