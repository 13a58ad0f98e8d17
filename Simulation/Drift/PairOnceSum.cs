using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Drift;

/// <summary>The dimension as a type, so that <see cref="PairOnceSum"/>'s per-axis work is unrolled when the JIT specialises it.</summary>
internal interface IAxisCount
{
    static abstract int Count { get; }
}

internal readonly struct OneAxis : IAxisCount
{
    public static int Count => 1;
}

internal readonly struct TwoAxes : IAxisCount
{
    public static int Count => 2;
}

internal readonly struct ThreeAxes : IAxisCount
{
    public static int Count => 3;
}

/// <summary>
/// The hot loop of model A with each unordered pair evaluated once: for a target at p and the sources l of one
/// contiguous slice of the sorted arrays, R(s) (p - y_l), s = |p - y_l|^2 / eta^2, is computed once and added with the
/// target's weight w_in[l] (the coefficient of l's species for the target's) into the target's four-lane accumulator,
/// and subtracted with the source's weight w_out[l] (the target's species' coefficient for l's) from l's entry of a
/// buffer. The kernel is even, so only the weights differ between the two directions. Always four lanes of 256 bits,
/// whatever the CPU offers: lane j holds the sources l = from + j (mod 4), so a target's sum, and the order in which a
/// source receives its shares (one per target, in the order of the targets), depend on the positions alone.
/// Lanes below <c>lowest</c> or from <c>to</c> on are masked to +0, which leaves any sum unchanged (no accumulator is
/// ever -0). With <c>exactTail</c> the last partial vector writes only its own lanes back, so threads working on other
/// slices of the buffer never see a read-modify-write of their entries.
/// </summary>
internal static class PairOnceSum
{
    private static readonly Vector256<double> LaneIndex = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    /// <summary>One slice of a target's sources, and the buffer that receives their shares.</summary>
    internal readonly record struct Slice(int From, int Lowest, int To, double[][] Sources);

    /// <summary>Room for a target's slices on the stack (at most 1 + 4 in 3-D), so a step allocates nothing.</summary>
    [InlineArray(5)]
    internal struct Slices
    {
        private Slice _first;
    }

    /// <summary>
    /// A target at slot <paramref name="g"/> against its slices in order: its own sum is added to entry g of
    /// <paramref name="own"/>, the sources' shares are subtracted from their buffers. One method with its accumulators in
    /// registers (passed by reference between methods they would live in memory, a store and a load per iteration).
    /// </summary>
    public static void Target<TProfile, TAxes>(int g, double[][] positions, double[] weightIn, double[] weightOut, double inverseEtaSquared,
        ReadOnlySpan<Slice> slices, double[][] own, bool exactTail)
        where TProfile : struct, IKernelProfile
        where TAxes : struct, IAxisCount
    {
        ref double x0 = ref positions[0][0];
        ref double y0 = ref positions[TAxes.Count > 1 ? 1 : 0][0];
        ref double z0 = ref positions[TAxes.Count > 2 ? 2 : 0][0];
        ref double in0 = ref weightIn[0];
        ref double out0 = ref weightOut[0];
        var px = Vector256.Create(Unsafe.Add(ref x0, g));
        var py = Vector256.Create(Unsafe.Add(ref y0, g));
        var pz = Vector256.Create(Unsafe.Add(ref z0, g));
        var scale = Vector256.Create(inverseEtaSquared);
        var ax = Vector256<double>.Zero;
        var ay = Vector256<double>.Zero;
        var az = Vector256<double>.Zero;
        foreach (Slice slice in slices)
        {
            int lowest = slice.Lowest, to = slice.To;
            ref double bx = ref slice.Sources[0][0];
            ref double by = ref slice.Sources[TAxes.Count > 1 ? 1 : 0][0];
            ref double bz = ref slice.Sources[TAxes.Count > 2 ? 2 : 0][0];
            for (int k = slice.From + ((lowest - slice.From) & ~3); k < to; k += 4)
            {
                nuint i = (nuint)k;
                var dx = px - Vector256.LoadUnsafe(ref x0, i);
                var dy = Vector256<double>.Zero;
                var dz = Vector256<double>.Zero;
                var s = dx * dx;
                if (TAxes.Count > 1)
                {
                    dy = py - Vector256.LoadUnsafe(ref y0, i);
                    s += dy * dy;
                }
                if (TAxes.Count > 2)
                {
                    dz = pz - Vector256.LoadUnsafe(ref z0, i);
                    s += dz * dz;
                }
                var reduced = TProfile.Reduced(s * scale);
                if (k < lowest || k + 4 > to) reduced &= Window(k, lowest, to);
                var gIn = reduced * Vector256.LoadUnsafe(ref in0, i);
                var gOut = reduced * Vector256.LoadUnsafe(ref out0, i);
                ax += gIn * dx;
                if (TAxes.Count > 1) ay += gIn * dy;
                if (TAxes.Count > 2) az += gIn * dz;
                if (exactTail && k + 4 > to)
                {
                    int lanes = to - k;
                    SubtractLanes(ref Unsafe.Add(ref bx, k), lanes, gOut * dx);
                    if (TAxes.Count > 1) SubtractLanes(ref Unsafe.Add(ref by, k), lanes, gOut * dy);
                    if (TAxes.Count > 2) SubtractLanes(ref Unsafe.Add(ref bz, k), lanes, gOut * dz);
                    continue;
                }
                (Vector256.LoadUnsafe(ref bx, i) - gOut * dx).StoreUnsafe(ref bx, i);
                if (TAxes.Count > 1) (Vector256.LoadUnsafe(ref by, i) - gOut * dy).StoreUnsafe(ref by, i);
                if (TAxes.Count > 2) (Vector256.LoadUnsafe(ref bz, i) - gOut * dz).StoreUnsafe(ref bz, i);
            }
        }
        own[0][g] += Total(ax);
        if (TAxes.Count > 1) own[1][g] += Total(ay);
        if (TAxes.Count > 2) own[2][g] += Total(az);
    }

    /// <summary>(v0 + v2) + (v1 + v3): a fixed order, unlike Vector256.Sum, whose order is the runtime's to choose.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Total(Vector256<double> v)
    {
        var half = v.GetLower() + v.GetUpper();
        return half.GetElement(0) + half.GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Window(int k, int lowest, int to)
    {
        var lane = Vector256.Create((double)k) + LaneIndex;
        return Vector256.GreaterThanOrEqual(lane, Vector256.Create((double)lowest)) & Vector256.LessThan(lane, Vector256.Create((double)to));
    }

    /// <summary>
    /// The lanes [0, count) of <paramref name="values"/>, count &lt; 4, subtracted from the entries from
    /// <paramref name="entry"/> on (the bits of the vector subtraction). Unrolled, inlined: a call in the loop would make
    /// the JIT keep the accumulators in memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractLanes(ref double entry, int count, Vector256<double> values)
    {
        entry -= values.ToScalar();
        if (count > 1) Unsafe.Add(ref entry, 1) -= values.GetElement(1);
        if (count > 2) Unsafe.Add(ref entry, 2) -= values.GetElement(2);
    }
}
