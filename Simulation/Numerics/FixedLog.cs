using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ensemble.Simulation.Numerics;

/// <summary>
/// The natural logarithm with the same bits on every x64 CPU, in scalar and four-lane form (the two
/// agree to the bit). The runtime's Vector256.Log and Math.Log are not fixed: the vector one has
/// different code for AVX-512, AVX2 and software, and Math.Log is glibc's, which picks an FMA or a
/// non-FMA variant by CPU. This uses IEEE-exact operations only (+ - * /, integer and bit operations;
/// .NET never fuses a multiply and an add on its own), so its bits are a function of the input alone.
/// Reduction: x = 2^k m with m in [sqrt(1/2), sqrt 2) by integer arithmetic on the bits, f = m - 1
/// (exact), s = f / (2 + f), log m = 2 atanh s = 2s + s R with R = sum 2 s^2i / (2i + 1) (Taylor to
/// s^22; |s| &lt; 0.172, truncation below 2^-60 relative), rearranged as f - (f^2/2 - s (f^2/2 + R))
/// so the rounding of s only touches a small correction; then k ln 2 from a two-part ln 2.
/// Accuracy: within 1 ulp of the exact value over normal and subnormal inputs (Tests/Numerics).
/// </summary>
internal static class FixedLog
{
    /// <summary>ln 2 cut to 32 significant bits (bits 0x3FE62E42FEE00000): k * Ln2Hi is exact for |k| &lt; 2^21.</summary>
    internal const double Ln2Hi = 6.93147180369123816490e-01;

    /// <summary>ln 2 - Ln2Hi, rounded (bits 0x3DEA39EF35793C76).</summary>
    internal const double Ln2Lo = 1.9082149292705877e-10;

    private const double SmallestNormal = 2.2250738585072014e-308;
    private const double TwoTo54 = 18014398509481984.0;

    // Adding OneBits - SqrtHalfBits carries into the exponent exactly when the significand is at
    // least sqrt 2, so the exponent field then holds k + 1023 and the significand, re-based on
    // SqrtHalfBits, lands in [sqrt(1/2), sqrt 2).
    private const ulong SqrtHalfBits = 0x3FE6_A09E_667F_3BCD;
    private const ulong OneBits = 0x3FF0_0000_0000_0000;
    private const ulong SignificandMask = 0x000F_FFFF_FFFF_FFFF;

    // An integer n < 2^52 or'ed into the significand of 2^52 is the double 2^52 + n.
    private const ulong TwoTo52Bits = 0x4330_0000_0000_0000;
    private const double TwoTo52 = 4503599627370496.0;

    // 2 / (2i + 1), the coefficients of atanh: odd i and even i split for two shorter chains.
    private const double C1 = 2.0 / 3.0, C2 = 2.0 / 5.0, C3 = 2.0 / 7.0, C4 = 2.0 / 9.0, C5 = 2.0 / 11.0, C6 = 2.0 / 13.0;
    private const double C7 = 2.0 / 15.0, C8 = 2.0 / 17.0, C9 = 2.0 / 19.0, C10 = 2.0 / 21.0, C11 = 2.0 / 23.0;

    /// <summary>log x: -infinity at ±0, NaN below zero and for NaN, +infinity at +infinity.</summary>
    public static double Log(double x)
    {
        if (x is > 0.0 and < double.PositiveInfinity)
            return x >= SmallestNormal ? OfNormal(x, 0.0) : OfNormal(x * TwoTo54, 54.0);
        if (x == 0.0) return double.NegativeInfinity;
        return x > 0.0 ? x : double.NaN;
    }

    /// <summary>Four lanes of <see cref="Log(double)"/>, the same bits lane by lane.</summary>
    public static Vector256<double> Log(Vector256<double> x)
    {
        var subnormal = Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        var scaled = Vector256.ConditionalSelect(subnormal, x * Vector256.Create(TwoTo54), x);
        var result = OfNormal(scaled, Vector256.ConditionalSelect(subnormal, Vector256.Create(54.0), Vector256<double>.Zero));
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), Vector256.Create(double.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, result);
        var invalid = Vector256.LessThan(x, Vector256<double>.Zero) | ~Vector256.Equals(x, x);
        return Vector256.ConditionalSelect(invalid, Vector256.Create(double.NaN), result);
    }

    /// <summary>log x for positive, finite, normal x only (no checks): the Box–Muller radius, whose input is in [2^-53, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OfNormal(double x) => OfNormal(x, 0.0);

    /// <summary>Four lanes of <see cref="OfNormal(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> OfNormal(Vector256<double> x) => OfNormal(x, Vector256<double>.Zero);

    /// <summary>log(x) - shift * ln 2 for positive normal x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double OfNormal(double x, double shift)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x) + (OneBits - SqrtHalfBits);
        double k = BitConverter.UInt64BitsToDouble(TwoTo52Bits | (bits >> 52)) - TwoTo52 - 1023.0 - shift;
        double m = BitConverter.UInt64BitsToDouble((bits & SignificandMask) + SqrtHalfBits);
        double f = m - 1.0;
        double halfSquare = 0.5 * f * f;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double odd = z * (C1 + w * (C3 + w * (C5 + w * (C7 + w * (C9 + w * C11)))));
        double even = w * (C2 + w * (C4 + w * (C6 + w * (C8 + w * C10))));
        double r = odd + even;
        return k * Ln2Hi - ((halfSquare - (s * (halfSquare + r) + k * Ln2Lo)) - f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> OfNormal(Vector256<double> x, Vector256<double> shift)
    {
        var bits = x.AsUInt64() + Vector256.Create(OneBits - SqrtHalfBits);
        var k = (Vector256.Create(TwoTo52Bits) | (bits >>> 52)).AsDouble() - Vector256.Create(TwoTo52) - Vector256.Create(1023.0) - shift;
        var m = ((bits & Vector256.Create(SignificandMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        var f = m - Vector256<double>.One;
        var halfSquare = Vector256.Create(0.5) * f * f;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var odd = Vector256.Create(C9) + w * Vector256.Create(C11);
        odd = Vector256.Create(C7) + w * odd;
        odd = Vector256.Create(C5) + w * odd;
        odd = Vector256.Create(C3) + w * odd;
        odd = z * (Vector256.Create(C1) + w * odd);
        var even = Vector256.Create(C8) + w * Vector256.Create(C10);
        even = Vector256.Create(C6) + w * even;
        even = Vector256.Create(C4) + w * even;
        even = w * (Vector256.Create(C2) + w * even);
        var r = odd + even;
        return k * Vector256.Create(Ln2Hi) - ((halfSquare - (s * (halfSquare + r) + k * Vector256.Create(Ln2Lo))) - f);
    }
}
