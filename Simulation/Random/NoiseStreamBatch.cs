using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Random;

/// <summary>
/// Four particles at a time: Philox4x32-10 in 64-bit lanes (each holding one 32-bit word) and
/// Box–Muller with the fixed-bit vector log (<see cref="FixedLog"/>) and sin/cos (<see cref="VectorSinCos"/>), whose
/// bits do not depend on the instruction set, unlike the runtime's Vector256.Log. This is the hot path of every step's Brownian
/// increments. Every lane is computed by the same element-wise operations, so a particle's normals
/// depend only on its address — not on which lane, chunk or thread computed it; a ragged tail is
/// computed as a full vector and stored in part, never by a scalar path with other rounding.
/// </summary>
internal readonly partial struct NoiseStream
{
    private static readonly Vector256<ulong> LaneOffsets = Vector256.Create(0UL, 1UL, 2UL, 3UL);
    private static readonly Vector256<ulong> Low32 = Vector256.Create(0xFFFF_FFFFUL);

    /// <summary>
    /// Standard normals for particles [from, to) of a species: two per particle from block 0 into
    /// <paramref name="first"/> and <paramref name="second"/>; with <paramref name="third"/>, the
    /// first normal of block 1 as well. Spans are indexed by particle - from.
    /// </summary>
    public void FillGaussians(NoisePurpose purpose, uint step, int species, int from, int to,
        Span<double> first, Span<double> second, Span<double> third)
    {
        FillBlock(purpose, step, species, 0, from, to, first, second);
        if (!third.IsEmpty) FillBlock(purpose, step, species, 1, from, to, third, Span<double>.Empty);
    }

    private void FillBlock(NoisePurpose purpose, uint step, int species, int block, int from, int to, Span<double> z0, Span<double> z1)
    {
        uint lane = (uint)species | ((uint)block << 16) | ((uint)purpose << 24);
        var c1 = Vector256.Create((ulong)lane);
        var c2 = Vector256.Create((ulong)step);
        var c3 = Vector256.Create((ulong)_realisation);
        Span<double> a = stackalloc double[4];
        Span<double> b = stackalloc double[4];
        for (int p = from; p < to; p += 4)
        {
            var c0 = Vector256.Create((ulong)(uint)p) + LaneOffsets;
            var (w0, w1, w2, w3) = Philox4(c0, c1, c2, c3);
            var (n0, n1) = BoxMuller(w0, w1, w2, w3);
            int count = Math.Min(4, to - p);
            if (count == 4)
            {
                n0.CopyTo(z0.Slice(p - from, 4));
                if (!z1.IsEmpty) n1.CopyTo(z1.Slice(p - from, 4));
                continue;
            }
            n0.CopyTo(a);
            n1.CopyTo(b);
            a[..count].CopyTo(z0.Slice(p - from, count));
            if (!z1.IsEmpty) b[..count].CopyTo(z1.Slice(p - from, count));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector256<ulong>, Vector256<ulong>, Vector256<ulong>, Vector256<ulong>) Philox4(
        Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3)
    {
        var multiplierA = Vector256.Create(0xD2511F53UL);
        var multiplierB = Vector256.Create(0xCD9E8D57UL);
        uint k0 = _key0, k1 = _key1;
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += 0x9E3779B9;
                k1 += 0xBB67AE85;
            }
            var productA = Multiply32(multiplierA, c0);
            var productB = Multiply32(multiplierB, c2);
            var n0 = (productB >>> 32) ^ c1 ^ Vector256.Create((ulong)k0);
            var n2 = (productA >>> 32) ^ c3 ^ Vector256.Create((ulong)k1);
            c1 = productB & Low32;
            c3 = productA & Low32;
            c0 = n0;
            c2 = n2;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>Full 64-bit product of the low 32 bits of each lane (vpmuludq where available).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Multiply32(Vector256<ulong> a, Vector256<ulong> b) =>
        Avx2.IsSupported ? Avx2.Multiply(a.AsUInt32(), b.AsUInt32()) : a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double>, Vector256<double>) BoxMuller(
        Vector256<ulong> w0, Vector256<ulong> w1, Vector256<ulong> w2, Vector256<ulong> w3)
    {
        var scale = Vector256.Create(Inv53);
        // Same 53-bit uniforms as the scalar path: u1 in (0, 1], u2 in [0, 1).
        var u1 = (Vector256.ConvertToDouble(((w0 << 32) | w1) >>> 11) + Vector256<double>.One) * scale;
        var u2 = Vector256.ConvertToDouble(((w2 << 32) | w3) >>> 11) * scale;
        var radius = Vector256.Sqrt(Vector256.Create(-2.0) * FixedLog.OfNormal(u1));
        var (sin, cos) = VectorSinCos.OfTurns(u2);
        return (radius * cos, radius * sin);
    }
}
