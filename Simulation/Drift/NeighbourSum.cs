using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// The hot loop of model A: sum over sources l in contiguous slices of Reduced(s) * (x - y_l),
/// s = |x - y_l|^2 / eta^2. Four sources per iteration with 256-bit vectors; the last partial
/// vector is masked, never read from a neighbouring slice's particles (loads past a slice stay
/// inside the padded arrays). One method per dimension keeps the loops free of inner branches.
/// The lane layout depends only on the slice bounds, so the sum is the same to the bit on
/// every call with the same positions.
/// </summary>
public static class NeighbourSum
{
    private static readonly Vector256<double> LaneIndex = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TailMask(int remaining) =>
        Vector256.LessThan(LaneIndex, Vector256.Create((double)remaining));

    public static double Sum1D<TProfile>(double px, double[] xs, ReadOnlySpan<(int Start, int End)> slices, double inverseRadiusSquared)
        where TProfile : struct, IKernelProfile
    {
        var vpx = Vector256.Create(px);
        var scale = Vector256.Create(inverseRadiusSquared);
        var fx = Vector256<double>.Zero;
        ref double x0 = ref xs[0];
        foreach ((int start, int end) in slices)
        {
            int k = start;
            for (; k + 4 <= end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var g = TProfile.Reduced(dx * dx * scale);
                fx += g * dx;
            }
            if (k < end)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var g = TProfile.Reduced(dx * dx * scale) & TailMask(end - k);
                fx += g * dx;
            }
        }
        return Vector256.Sum(fx);
    }

    public static (double X, double Y) Sum2D<TProfile>(double px, double py, double[] xs, double[] ys,
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
        foreach ((int start, int end) in slices)
        {
            int k = start;
            for (; k + 4 <= end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy) * scale);
                fx += g * dx;
                fy += g * dy;
            }
            if (k < end)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy) * scale) & TailMask(end - k);
                fx += g * dx;
                fy += g * dy;
            }
        }
        return (Vector256.Sum(fx), Vector256.Sum(fy));
    }

    public static (double X, double Y, double Z) Sum3D<TProfile>(double px, double py, double pz, double[] xs, double[] ys, double[] zs,
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
        foreach ((int start, int end) in slices)
        {
            for (int k = start; k < end; k += 4)
            {
                var dx = vpx - Vector256.LoadUnsafe(ref x0, (nuint)k);
                var dy = vpy - Vector256.LoadUnsafe(ref y0, (nuint)k);
                var dz = vpz - Vector256.LoadUnsafe(ref z0, (nuint)k);
                var g = TProfile.Reduced((dx * dx + dy * dy + dz * dz) * scale);
                if (end - k < 4) g &= TailMask(end - k);
                fx += g * dx;
                fy += g * dy;
                fz += g * dz;
            }
        }
        return (Vector256.Sum(fx), Vector256.Sum(fy), Vector256.Sum(fz));
    }
}
