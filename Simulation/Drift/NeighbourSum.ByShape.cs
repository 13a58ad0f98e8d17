using System.Runtime.CompilerServices;
using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// The sums of <see cref="NeighbourSum"/> for a shape value: one <see cref="KernelProfiles.Dispatch{TCall, TResult}"/>
/// per target (an inlined switch on the enum), then the loop specialised for the shape's profile.
/// </summary>
internal static partial class NeighbourSum
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum1D(KernelShape shape, double px, double[] xs, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) =>
        KernelProfiles.Dispatch<Sum1DCall, double>(shape, new(px, xs, weights, slices, inverseRadiusSquared));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double X, double Y) Sum2D(KernelShape shape, double px, double py, double[] xs, double[] ys, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) =>
        KernelProfiles.Dispatch<Sum2DCall, (double, double)>(shape, new(px, py, xs, ys, weights, slices, inverseRadiusSquared));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double X, double Y, double Z) Sum3D(KernelShape shape, double px, double py, double pz, double[] xs, double[] ys, double[] zs,
        double[] weights, ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) =>
        KernelProfiles.Dispatch<Sum3DCall, (double, double, double)>(shape, new(px, py, pz, xs, ys, zs, weights, slices, inverseRadiusSquared));

    // Ref structs, to carry the slices; primary constructors cannot capture a span, hence the fields.
    private readonly ref struct Sum1DCall(double px, double[] xs, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) : IProfileCall<double>
    {
        private readonly ReadOnlySpan<(int Start, int End)> _slices = slices;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile =>
            Sum1D<TProfile>(px, xs, weights, _slices, inverseRadiusSquared);
    }

    private readonly ref struct Sum2DCall(double px, double py, double[] xs, double[] ys, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) : IProfileCall<(double, double)>
    {
        private readonly ReadOnlySpan<(int Start, int End)> _slices = slices;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (double, double) Invoke<TProfile>() where TProfile : struct, IKernelProfile =>
            Sum2D<TProfile>(px, py, xs, ys, weights, _slices, inverseRadiusSquared);
    }

    private readonly ref struct Sum3DCall(double px, double py, double pz, double[] xs, double[] ys, double[] zs, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared) : IProfileCall<(double, double, double)>
    {
        private readonly ReadOnlySpan<(int Start, int End)> _slices = slices;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (double, double, double) Invoke<TProfile>() where TProfile : struct, IKernelProfile =>
            Sum3D<TProfile>(px, py, pz, xs, ys, zs, weights, _slices, inverseRadiusSquared);
    }
}
