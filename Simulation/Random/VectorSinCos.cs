using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Random;

/// <summary>
/// sin(2 pi u) and cos(2 pi u) for u in [0, 1), four lanes at a time, from plain multiplications,
/// additions and selects only. The runtime's Vector256.SinCos rounds differently in unoptimised
/// (tier-0) and optimised code, which would make a realisation's bits depend on how warm the JIT
/// was; this never does, because .NET never fuses a multiply and an add on its own.
/// Reduction: q = round(4u), r = u - q/4 in [-1/8, 1/8] (exact), x = 2 pi r in [-pi/4, pi/4];
/// Taylor polynomials to x^17 and x^16 (truncation below 1e-17), then the quadrant q picks
/// (sin, cos) from (s, c), (c, -s), (-s, -c), (-c, s). Accuracy: within 2 ulp of Math.SinCos.
/// The scalar <see cref="OfTurns(double)"/> performs the same operations, so it gives the same bits
/// (and glibc's sin and cos, which have FMA variants, are never asked).
/// </summary>
internal static class VectorSinCos
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Sin, Vector256<double> Cos) OfTurns(Vector256<double> u)
    {
        var q = Vector256.Round(u * Vector256.Create(4.0));
        var x = (u - q * Vector256.Create(0.25)) * Vector256.Create(2.0 * Math.PI);
        var x2 = x * x;

        // sin x = x (1 - x^2/3! + x^4/5! - ... + x^16/17!), Horner from the top.
        var s = Vector256.Create(1.0 / 355687428096000.0);
        s = s * x2 - Vector256.Create(1.0 / 1307674368000.0);
        s = s * x2 + Vector256.Create(1.0 / 6227020800.0);
        s = s * x2 - Vector256.Create(1.0 / 39916800.0);
        s = s * x2 + Vector256.Create(1.0 / 362880.0);
        s = s * x2 - Vector256.Create(1.0 / 5040.0);
        s = s * x2 + Vector256.Create(1.0 / 120.0);
        s = s * x2 - Vector256.Create(1.0 / 6.0);
        s = s * x2 * x + x;

        // cos x = 1 - x^2/2! + x^4/4! - ... + x^16/16!.
        var c = Vector256.Create(1.0 / 20922789888000.0);
        c = c * x2 - Vector256.Create(1.0 / 87178291200.0);
        c = c * x2 + Vector256.Create(1.0 / 479001600.0);
        c = c * x2 - Vector256.Create(1.0 / 3628800.0);
        c = c * x2 + Vector256.Create(1.0 / 40320.0);
        c = c * x2 - Vector256.Create(1.0 / 720.0);
        c = c * x2 + Vector256.Create(1.0 / 24.0);
        c = c * x2 - Vector256.Create(0.5);
        c = c * x2 + Vector256<double>.One;

        // Quadrant q mod 4 (q is 0..4; 4 is the same as 0).
        var quadrant = Vector256.ConvertToInt64(q) & Vector256.Create(3L);
        var swap = Vector256.Equals(quadrant & Vector256.Create(1L), Vector256.Create(1L)).AsDouble();
        var sinNegative = Vector256.GreaterThanOrEqual(quadrant, Vector256.Create(2L)).AsDouble();
        var cosNegative = Vector256.Equals(quadrant, Vector256.Create(1L)) | Vector256.Equals(quadrant, Vector256.Create(2L));
        var sin = Vector256.ConditionalSelect(swap, c, s);
        var cos = Vector256.ConditionalSelect(swap, s, c);
        sin = Vector256.ConditionalSelect(sinNegative, -sin, sin);
        cos = Vector256.ConditionalSelect(cosNegative.AsDouble(), -cos, cos);
        return (sin, cos);
    }

    /// <summary>One lane of <see cref="OfTurns(Vector256{double})"/>, the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Sin, double Cos) OfTurns(double u)
    {
        double q = Math.Round(u * 4.0);
        double x = (u - q * 0.25) * (2.0 * Math.PI);
        double s = FixedTrig.SinKernel(x);
        double c = FixedTrig.CosKernel(x);
        long quadrant = (long)q & 3;
        double sin = (quadrant & 1) == 1 ? c : s;
        double cos = (quadrant & 1) == 1 ? s : c;
        if (quadrant >= 2) sin = -sin;
        if (quadrant is 1 or 2) cos = -cos;
        return (sin, cos);
    }
}
