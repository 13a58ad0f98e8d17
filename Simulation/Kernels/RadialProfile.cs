using System.Runtime.CompilerServices;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The unnormalised profiles f(s) of <see cref="KernelShape"/> by shape value, written in s = r^2 so
/// that neither value nor gradient needs a square root or a division by |x|:
/// grad_x f(|x|^2 / h^2) = GradientFactor(s) * x / h^2 with GradientFactor(s) = 2 f'(s).
/// Scalar entry points for code that is not specialised per profile; each is one
/// <see cref="KernelProfiles.Dispatch{TCall, TResult}"/> to the shape's <see cref="IKernelProfile"/>.
/// </summary>
internal static class RadialProfile
{
    /// <summary>f(s): (1 - s)^3 for the polynomial bump, exp(-1/(1-s)) for the smooth one, zero outside the support.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(KernelShape shape, double s) => KernelProfiles.Dispatch<ValueCall, double>(shape, new(s));

    /// <summary>2 f'(s): -6 (1 - s)^2 for the polynomial bump, -2 exp(-1/(1-s)) / (1-s)^2 for the smooth one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GradientFactor(KernelShape shape, double s) => KernelProfiles.Dispatch<GradientFactorCall, double>(shape, new(s));

    /// <summary>GradientFactor(s) / Factor: (1 - s)^2, or exp(-1/(1-s)) / (1-s)^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduced(KernelShape shape, double s) => KernelProfiles.Dispatch<ReducedCall, double>(shape, new(s));

    /// <summary>The constant of <see cref="IKernelProfile.Factor"/>: -6, or -2.</summary>
    public static double Factor(KernelShape shape) => KernelProfiles.Dispatch<FactorCall, double>(shape, default);

    private readonly struct ValueCall(double s) : IProfileCall<double>
    {
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile => TProfile.Value(s);
    }

    private readonly struct GradientFactorCall(double s) : IProfileCall<double>
    {
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile => TProfile.Factor * TProfile.Reduced(s);
    }

    private readonly struct ReducedCall(double s) : IProfileCall<double>
    {
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile => TProfile.Reduced(s);
    }

    private readonly struct FactorCall : IProfileCall<double>
    {
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile => TProfile.Factor;
    }
}
