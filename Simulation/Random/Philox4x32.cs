using System.Runtime.CompilerServices;

namespace Ensemble.Simulation.Random;

/// <summary>
/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3" (SC11). A pure function of a 128-bit counter and
/// a 64-bit key: ten rounds of two 32x32->64 multiplications in a Feistel-like network, with the
/// key bumped by the Weyl constants between rounds. Being stateless, any draw can be addressed
/// directly, which is what makes trajectories independent of threads and batching.
/// </summary>
internal static class Philox4x32
{
    private const uint MultiplierA = 0xD2511F53;
    private const uint MultiplierB = 0xCD9E8D57;
    private const uint WeylA = 0x9E3779B9;
    private const uint WeylB = 0xBB67AE85;

    /// <summary>Encrypts the counter (c0..c3) under the key (k0, k1) with ten rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PhiloxBlock Generate(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += WeylA;
                k1 += WeylB;
            }
            ulong productA = (ulong)MultiplierA * c0;
            ulong productB = (ulong)MultiplierB * c2;
            uint n0 = (uint)(productB >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(productA >> 32) ^ c3 ^ k1;
            c1 = (uint)productB;
            c3 = (uint)productA;
            c0 = n0;
            c2 = n2;
        }
        return new PhiloxBlock(c0, c1, c2, c3);
    }
}

/// <summary>The four 32-bit words of one Philox output block.</summary>
internal readonly record struct PhiloxBlock(uint W0, uint W1, uint W2, uint W3);
