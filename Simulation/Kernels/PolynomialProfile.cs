using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// <see cref="KernelShape.PolynomialBump"/>: f(s) = (1 - s)^3, Reduced(s) = (1 - s)^2 clamped at 0,
/// Factor = -6. Its normalisation has closed forms: 35/32, 4/pi, 315/(64 pi) in d = 1, 2, 3.
/// </summary>
internal readonly struct PolynomialProfile : IKernelProfile
{
    public static double Normalisation(int dimension) => dimension switch
    {
        1 => 35.0 / 32.0,
        2 => 4.0 / Math.PI,
        3 => 315.0 / (64.0 * Math.PI),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "expected 1, 2 or 3"),
    };

    public static double Factor => -6.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(double s)
    {
        double t = 1.0 - s;
        return t > 0.0 ? t * t * t : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduced(double s)
    {
        double t = Math.Max(1.0 - s, 0.0);
        return t * t;
    }

    /// <summary>
    /// (1 - s)^2 where 1 - s &gt; 0, else +0: the bits of Max(1 - s, 0) squared for every s that is not NaN (1 - s is never
    /// -0), in two instructions where Vector256.Max spends six on NaN and signed-zero rules (the pairwise hot loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Reduced(Vector256<double> s)
    {
        Vector256<double> t = Vector256<double>.One - s;
        t &= Vector256.GreaterThan(t, Vector256<double>.Zero);
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
