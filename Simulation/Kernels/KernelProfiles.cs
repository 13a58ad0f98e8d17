using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The one place that maps a <see cref="KernelShape"/> to its <see cref="IKernelProfile"/>: every
/// shape-dependent computation goes through <see cref="Dispatch{TCall, TResult}"/>, so adding a shape
/// is its profile struct plus one line here, and a value outside the enum is refused instead of
/// silently taking some other shape's branch. Inlined, the cost is one switch on the enum per call;
/// hot loops dispatch once per loop and run specialised for the profile inside.
/// </summary>
internal static class KernelProfiles
{
    /// <summary><paramref name="call"/> run with the profile of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> is not a defined <see cref="KernelShape"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TResult Dispatch<TCall, TResult>(KernelShape shape, TCall call)
        where TCall : IProfileCall<TResult>, allows ref struct => shape switch
    {
        KernelShape.PolynomialBump => call.Invoke<PolynomialProfile>(),
        KernelShape.SmoothBump => call.Invoke<SmoothProfile>(),
        _ => Unknown<TResult>(shape),
    };

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TResult Unknown<TResult>(KernelShape shape) => throw new ArgumentOutOfRangeException(
        nameof(shape), shape, $"kernel shape {(int)shape} is none of {string.Join(", ", Enum.GetNames<KernelShape>())}");
}
