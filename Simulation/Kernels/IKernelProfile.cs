using System.Runtime.Intrinsics;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// One <see cref="KernelShape"/>: its profile f(s), s = r^2, with the normalisation C_d of
/// <see cref="KernelNormalisation"/>, and the gradient factor 2 f'(s) divided by a constant
/// (<see cref="Factor"/>), in scalar and 256-bit vector form. A static interface so hot loops
/// specialise per shape at JIT time; <see cref="KernelProfiles.Dispatch{TCall, TResult}"/> turns a
/// shape value into one of these. Outside the support the vector forms return exactly 0 without a branch.
/// </summary>
internal interface IKernelProfile
{
    /// <summary>C_d with C_d * integral over R^d of f(|x|^2) dx = 1, for d = 1, 2, 3.</summary>
    static abstract double Normalisation(int dimension);

    /// <summary>GradientFactor(s) = 2 f'(s) = Factor * Reduced(s).</summary>
    static abstract double Factor { get; }

    /// <summary>The profile itself, f(s), zero outside the support.</summary>
    static abstract double Value(double s);

    static abstract double Reduced(double s);

    /// <summary><see cref="Value(double)"/> in four lanes (the bits may differ from the scalar form).</summary>
    static abstract Vector256<double> Value(Vector256<double> s);

    static abstract Vector256<double> Reduced(Vector256<double> s);

    /// <summary>
    /// The costly part that <see cref="Value(Vector256{double})"/> and <see cref="Reduced(Vector256{double})"/> share
    /// (1 - s for the polynomial bump, the exponential for the smooth one), so a caller evaluating both at the
    /// same points pays for it once. ValueFrom and ReducedFrom give the same bits as Value and Reduced.
    /// </summary>
    static abstract Vector256<double> Shared(Vector256<double> s);

    static abstract Vector256<double> ValueFrom(Vector256<double> shared, Vector256<double> s);

    static abstract Vector256<double> ReducedFrom(Vector256<double> shared, Vector256<double> s);
}
