using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ensemble.Simulation.Numerics;

/// <summary>
/// The exponential with the same bits on every x64 CPU, in scalar and four-lane form (the two agree
/// to the bit), for the reasons and under the rules of <see cref="FixedLog"/>: IEEE-exact operations only.
/// Reduction: n = round(x / ln 2) by the 1.5 * 2^52 shifter (round-to-nearest-even of an addition),
/// r = (x - n Ln2Hi) - n Ln2Lo (the first difference is exact), |r| &lt;= 0.347; e^r by Taylor to r^13
/// (truncation below 2^-57 relative); then 2^n built from its exponent field. No table: a gather is
/// slow on some CPUs, and a polynomial is as fast. <see cref="Exp(double)"/> clamps x to [-746, 710]
/// (past either end the result is 0 or +infinity anyway) and applies 2^n as two exact factors, so a
/// subnormal result is rounded once; <see cref="OfModerate(double)"/>, for the smooth bump's hot loop,
/// skips both for x in [-708, 709], where the results are the same bits.
/// Accuracy: within 1 ulp of the exact value for normal results (Tests/Numerics).
/// </summary>
internal static class FixedExp
{
    private const double InverseLn2 = 1.4426950408889634;
    private const double Shifter = 6755399441055744.0;
    private const double Lowest = -746.0;
    private const double Highest = 710.0;

    // n + ExponentBias is positive after the clamp (and ExponentBias even), so halving it is a logical
    // shift: a 64-bit arithmetic shift has no AVX2 instruction.
    private const long ExponentBias = 1100;

    // 1 / n! for n = 2..13.
    private const double F2 = 1.0 / 2, F3 = 1.0 / 6, F4 = 1.0 / 24, F5 = 1.0 / 120, F6 = 1.0 / 720, F7 = 1.0 / 5040;
    private const double F8 = 1.0 / 40320, F9 = 1.0 / 362880, F10 = 1.0 / 3628800, F11 = 1.0 / 39916800;
    private const double F12 = 1.0 / 479001600, F13 = 1.0 / 6227020800;

    /// <summary>e^x: +0 below about -745.13, +infinity above about 709.78, NaN for NaN.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        double clamped = x < Lowest ? Lowest : x > Highest ? Highest : x;
        double y = Reduced(clamped, out long n);
        long half = (long)((ulong)(n + ExponentBias) >> 1) - ExponentBias / 2;
        return y * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    /// <summary>e^x for x in [-708, 709] only (no checks), the same bits as <see cref="Exp(double)"/> there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OfModerate(double x) => Reduced(x, out long n) * PowerOfTwo(n);

    /// <summary>Four lanes of <see cref="Exp(double)"/>, the same bits lane by lane.</summary>
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var clamped = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Lowest)), Vector256.Create(Lowest), x);
        clamped = Vector256.ConditionalSelect(Vector256.GreaterThan(clamped, Vector256.Create(Highest)), Vector256.Create(Highest), clamped);
        var y = Reduced(clamped, out var n);
        var half = ((n + Vector256.Create(ExponentBias)).AsUInt64() >>> 1).AsInt64() - Vector256.Create(ExponentBias / 2);
        var result = y * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>Four lanes of <see cref="OfModerate(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> OfModerate(Vector256<double> x) => Reduced(x, out var n) * PowerOfTwo(n);

    /// <summary>e^r with x = n ln 2 + r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduced(double x, out long n)
    {
        double shifted = x * InverseLn2 + Shifter;
        double k = shifted - Shifter;
        double hi = x - k * FixedLog.Ln2Hi;
        double lo = k * FixedLog.Ln2Lo;
        double r = hi - lo;
        double r2 = r * r;
        double even = F2 + r2 * (F4 + r2 * (F6 + r2 * (F8 + r2 * (F10 + r2 * F12))));
        double odd = F3 + r2 * (F5 + r2 * (F7 + r2 * (F9 + r2 * (F11 + r2 * F13))));
        n = (long)(BitConverter.DoubleToUInt64Bits(shifted) - BitConverter.DoubleToUInt64Bits(Shifter));
        return 1.0 + (hi - (lo - r2 * (even + r * odd)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduced(Vector256<double> x, out Vector256<long> n)
    {
        var shifted = x * Vector256.Create(InverseLn2) + Vector256.Create(Shifter);
        var k = shifted - Vector256.Create(Shifter);
        var hi = x - k * Vector256.Create(FixedLog.Ln2Hi);
        var lo = k * Vector256.Create(FixedLog.Ln2Lo);
        var r = hi - lo;
        var r2 = r * r;
        var even = Vector256.Create(F10) + r2 * Vector256.Create(F12);
        even = Vector256.Create(F8) + r2 * even;
        even = Vector256.Create(F6) + r2 * even;
        even = Vector256.Create(F4) + r2 * even;
        even = Vector256.Create(F2) + r2 * even;
        var odd = Vector256.Create(F11) + r2 * Vector256.Create(F13);
        odd = Vector256.Create(F9) + r2 * odd;
        odd = Vector256.Create(F7) + r2 * odd;
        odd = Vector256.Create(F5) + r2 * odd;
        odd = Vector256.Create(F3) + r2 * odd;
        n = (shifted.AsUInt64() - Vector256.Create(Shifter).AsUInt64()).AsInt64();
        return Vector256<double>.One + (hi - (lo - r2 * (even + r * odd)));
    }

    /// <summary>2^n for n in [-1022, 1023], built from its exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(long n) => BitConverter.Int64BitsToDouble((n + 1023) << 52);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowerOfTwo(Vector256<long> n) => ((n + Vector256.Create(1023L)) << 52).AsDouble();
}
