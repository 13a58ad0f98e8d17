using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// The hot loop of model A: sum over sources l in contiguous slices of w_l Reduced(s) (x - y_l),
/// s = |x - y_l|^2 / eta^2, where w_l is the source's weight (the coefficient of its species for
/// this target's species, or 0 for a source of another kernel shape). Four sources per iteration
/// with 256-bit vectors; the last partial
/// vector is masked, never read from a neighbouring slice's particles (loads past a slice stay
/// inside the padded arrays). One method per dimension keeps the loops free of inner branches.
/// The lane layout depends only on the slice bounds, so the sum is the same to the bit on
/// every call with the same positions. The overloads taking a <see cref="KernelShape"/> dispatch
/// once per call to these generic loops (NeighbourSum.ByShape.cs).
/// </summary>
internal static partial class NeighbourSum
{
    private static readonly Vector256<double> LaneIndex = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TailMask(int remaining) =>
        Vector256.LessThan(LaneIndex, Vector256.Create((double)remaining));

    public static double Sum1D<TProfile>(double px, double[] xs, double[] weights, ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared)
        where TProfile : struct, IKernelProfile
    {
        var vpx = Vector256.Create(px);
        var scale = Vector256.Create(inverseRadiusSquared);
        var fx = Vector256<double>.Zero;
        ref double x0 = ref xs[0];
        ref double w0 = ref weights[0];
        foreach ((int start, int end) in slices)
        {
            int k = start;
            for (; k + 4 <= end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var g = TProfile.Reduced(dx * dx * scale) * Vector256.LoadUnsafe(ref w0, (nuint)k);
                fx += g * dx;
            }
            if (k < end)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var g = TProfile.Reduced(dx * dx * scale) * Vector256.LoadUnsafe(ref w0, (nuint)k) & TailMask(end - k);
                fx += g * dx;
            }
        }
        return Vector256.Sum(fx);
    }

    public static (double X, double Y) Sum2D<TProfile>(double px, double py, double[] xs, double[] ys, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared)
        where TProfile : struct, IKernelProfile
    {
        var vpx = Vector256.Create(px);
        var vpy = Vector256.Create(py);
        var scale = Vector256.Create(inverseRadiusSquared);
        var fx = Vector256<double>.Zero;
        var fy = Vector256<double>.Zero;
        ref double x0 = ref xs[0];
        ref double y0 = ref ys[0];
        ref double w0 = ref weights[0];
        foreach ((int start, int end) in slices)
        {
            int k = start;
            for (; k + 4 <= end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy) * scale) * Vector256.LoadUnsafe(ref w0, (nuint)k);
                fx += g * dx;
                fy += g * dy;
            }
            if (k < end)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy) * scale) * Vector256.LoadUnsafe(ref w0, (nuint)k) & TailMask(end - k);
                fx += g * dx;
                fy += g * dy;
            }
        }
        return (Vector256.Sum(fx), Vector256.Sum(fy));
    }

    public static (double X, double Y, double Z) Sum3D<TProfile>(double px, double py, double pz, double[] xs, double[] ys, double[] zs, double[] weights,
        ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared)
        where TProfile : struct, IKernelProfile
    {
        var vpx = Vector256.Create(px);
        var vpy = Vector256.Create(py);
        var vpz = Vector256.Create(pz);
        var scale = Vector256.Create(inverseRadiusSquared);
        var fx = Vector256<double>.Zero;
        var fy = Vector256<double>.Zero;
        var fz = Vector256<double>.Zero;
        ref double x0 = ref xs[0];
        ref double y0 = ref ys[0];
        ref double z0 = ref zs[0];
        ref double w0 = ref weights[0];
        foreach ((int start, int end) in slices)
        {
            for (int k = start; k < end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var dz = vpz - Vector256.LoadUnsafe(ref z0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy + dz * dz) * scale) * Vector256.LoadUnsafe(ref w0, (nuint)k);
                if (end - k < 4) g &= TailMask(end - k);
                fx += g * dx;
                fy += g * dy;
                fz += g * dz;
            }
        }
        return (Vector256.Sum(fx), Vector256.Sum(fy), Vector256.Sum(fz));
    }
}
