using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// <see cref="KernelShape.SmoothBump"/>: f(s) = exp(-1/(1-s)), Reduced(s) = exp(-1/(1-s)) / (1-s)^2,
/// Factor = -2. Zero once 1 - s &lt;= 1/700, where exp(-1/(1-s)) is below 1e-304 anyway; the cut
/// keeps (1-s)^2 from underflowing to a 0/0. No closed-form normalisation: it is integrated radially
/// (<see cref="KernelNormalisation.ByRadialQuadrature{TProfile}"/>). The exponential is the fixed-bit
/// <see cref="FixedExp"/> (its moderate-range form: the argument -1/(1-s) is in [-700, -1]), so the scalar
/// and vector forms agree to the bit and neither depends on the CPU.
/// </summary>
internal readonly struct SmoothProfile : IKernelProfile
{
    public const double Cutoff = 1.0 / 700.0;

    public static double Normalisation(int dimension) => KernelNormalisation.ByRadialQuadrature<SmoothProfile>(dimension);

    public static double Factor => -2.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(double s)
    {
        double t = 1.0 - s;
        return t > Cutoff ? FixedExp.OfModerate(-1.0 / t) : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduced(double s)
    {
        double t = 1.0 - s;
        return t > Cutoff ? FixedExp.OfModerate(-1.0 / t) / (t * t) : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Reduced(Vector256<double> s)
    {
        Vector256<double> t = Vector256<double>.One - s;
        Vector256<double> inside = Vector256.GreaterThan(t, Vector256.Create(Cutoff));
        Vector256<double> safe = Vector256.Max(t, Vector256.Create(Cutoff));
        Vector256<double> value = FixedExp.OfModerate(-Vector256<double>.One / safe) / (safe * safe);
        return value & inside;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Value(Vector256<double> s)
    {
        Vector256<double> t = Vector256<double>.One - s;
        Vector256<double> inside = Vector256.GreaterThan(t, Vector256.Create(Cutoff));
        Vector256<double> safe = Vector256.Max(t, Vector256.Create(Cutoff));
        return FixedExp.OfModerate(-Vector256<double>.One / safe) & inside;
    }

    /// <summary>exp(-1/(1-s)), zero outside the support: <see cref="Value(Vector256{double})"/> itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Shared(Vector256<double> s) => Value(s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ValueFrom(Vector256<double> shared, Vector256<double> s) => shared;

    /// <summary>
    /// shared / (1-s)^2. Outside the support shared is +0, so the quotient is +0 — the same bits as
    /// <see cref="Reduced(Vector256{double})"/>, which masks after dividing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ReducedFrom(Vector256<double> shared, Vector256<double> s)
    {
        Vector256<double> safe = Vector256.Max(Vector256<double>.One - s, Vector256.Create(Cutoff));
        return shared / (safe * safe);
    }
}
