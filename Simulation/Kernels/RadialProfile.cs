using System.Runtime.CompilerServices;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The unnormalised profiles f(s) of <see cref="KernelShape"/>, written in s = r^2 so that neither
/// value nor gradient needs a square root or a division by |x|:
/// grad_x f(|x|^2 / h^2) = GradientFactor(s) * x / h^2 with GradientFactor(s) = 2 f'(s).
/// </summary>
public static class RadialProfile
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(KernelShape shape, double s)
    {
        double t = 1.0 - s;
        if (shape == KernelShape.PolynomialBump) return t > 0.0 ? t * t * t : 0.0;
        return t > SmoothProfile.Cutoff ? Math.Exp(-1.0 / t) : 0.0;
    }

    /// <summary>2 f'(s): -6 (1 - s)^2 for the polynomial bump, -2 exp(-1/(1-s)) / (1-s)^2 for the smooth one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GradientFactor(KernelShape shape, double s) => shape == KernelShape.PolynomialBump
        ? PolynomialProfile.Factor * PolynomialProfile.Reduced(s)
        : SmoothProfile.Factor * SmoothProfile.Reduced(s);
}
