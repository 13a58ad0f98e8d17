using System.IO.Hashing;
using System.Runtime.InteropServices;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Observables;

/// <summary>
/// XxHash64 of the bits of every position (axis by axis, particles in species order): equal
/// checksums mean equal states to the bit, so a rerun can be verified by one number.
/// </summary>
public static class StateChecksum
{
    internal static ulong Compute(ParticleVectors positions)
    {
        var hash = new XxHash64();
        for (int a = 0; a < positions.Dimension; a++)
            hash.Append(MemoryMarshal.AsBytes(positions.Axis[a].AsSpan(0, positions.Total)));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>One hash over several coupled processes' states, in order: equal only if every one is equal to the bit.</summary>
    internal static ulong Compute(IReadOnlyList<ParticleVectors> states)
    {
        var hash = new XxHash64();
        foreach (var positions in states)
        for (int a = 0; a < positions.Dimension; a++)
            hash.Append(MemoryMarshal.AsBytes(positions.Axis[a].AsSpan(0, positions.Total)));
        return hash.GetCurrentHashAsUInt64();
    }

    public static string Format(ulong checksum) => checksum.ToString("x16");
}
