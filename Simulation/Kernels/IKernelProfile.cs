using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The gradient factor of a <see cref="KernelShape"/> divided by a constant (<see cref="Factor"/>),
/// in scalar and 256-bit vector form, as a static interface so hot loops specialise per shape at
/// JIT time. Outside the support the vector form returns exactly 0 without a branch.
/// </summary>
public interface IKernelProfile
{
    /// <summary>GradientFactor(s) = Factor * Reduced(s).</summary>
    static abstract double Factor { get; }

    static abstract double Reduced(double s);

    static abstract Vector256<double> Reduced(Vector256<double> s);

    /// <summary>The profile itself, f(s), zero outside the support.</summary>
    static abstract Vector256<double> Value(Vector256<double> s);

    /// <summary>
    /// The costly part that <see cref="Value"/> and <see cref="Reduced(Vector256{double})"/> share (1 - s for
    /// the polynomial bump, the exponential for the smooth one), so a caller evaluating both at the
    /// same points pays for it once. ValueFrom and ReducedFrom give the same bits as Value and Reduced.
    /// </summary>
    static abstract Vector256<double> Shared(Vector256<double> s);

    static abstract Vector256<double> ValueFrom(Vector256<double> shared, Vector256<double> s);

    static abstract Vector256<double> ReducedFrom(Vector256<double> shared, Vector256<double> s);
}

/// <summary>(1 - s)^2 clamped at 0; Factor = -6.</summary>
public readonly struct PolynomialProfile : IKernelProfile
{
    public static double Factor => -6.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduced(double s)
    {
        double t = Math.Max(1.0 - s, 0.0);
        return t * t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Reduced(Vector256<double> s)
    {
        Vector256<double> t = Vector256.Max(Vector256<double>.One - s, Vector256<double>.Zero);
        return t * t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Value(Vector256<double> s)
    {
        Vector256<double> t = Vector256.Max(Vector256<double>.One - s, Vector256<double>.Zero);
        return t * t * t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Shared(Vector256<double> s) => Vector256.Max(Vector256<double>.One - s, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ValueFrom(Vector256<double> shared, Vector256<double> s) => shared * shared * shared;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ReducedFrom(Vector256<double> shared, Vector256<double> s) => shared * shared;
}

/// <summary>
/// exp(-1/(1-s)) / (1-s)^2; Factor = -2. Zero once 1 - s &lt;= 1/700, where exp(-1/(1-s)) is
/// below 1e-304 anyway; the cut keeps (1-s)^2 from underflowing to a 0/0.
/// </summary>
public readonly struct SmoothProfile : IKernelProfile
{
    public const double Cutoff = 1.0 / 700.0;

    public static double Factor => -2.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduced(double s)
    {
        double t = 1.0 - s;
        return t > Cutoff ? Math.Exp(-1.0 / t) / (t * t) : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Reduced(Vector256<double> s)
    {
        Vector256<double> t = Vector256<double>.One - s;
        Vector256<double> inside = Vector256.GreaterThan(t, Vector256.Create(Cutoff));
        Vector256<double> safe = Vector256.Max(t, Vector256.Create(Cutoff));
        Vector256<double> value = Vector256.Exp(-Vector256<double>.One / safe) / (safe * safe);
        return value & inside;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Value(Vector256<double> s)
    {
        Vector256<double> t = Vector256<double>.One - s;
        Vector256<double> inside = Vector256.GreaterThan(t, Vector256.Create(Cutoff));
        Vector256<double> safe = Vector256.Max(t, Vector256.Create(Cutoff));
        return Vector256.Exp(-Vector256<double>.One / safe) & inside;
    }

    /// <summary>exp(-1/(1-s)), zero outside the support: <see cref="Value"/> itself.</summary>
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
