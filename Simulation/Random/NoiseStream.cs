using System.Runtime.CompilerServices;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Random;

/// <summary>What a draw is for; part of the counter so different uses never share random bits.</summary>
internal enum NoisePurpose : uint
{
    BrownianIncrement = 0,
    InitialPosition = 1,
    MixtureComponent = 2,

    /// <summary>Independent draws from a PDE density: the sampling floor a distance to the limit is read against.</summary>
    LimitSample = 3,
}

/// <summary>
/// The random numbers of one realisation, addressed by (step, species, particle, purpose, block).
/// Key = the master seed; counter = (particle, species | purpose | block, step, realisation index).
/// Every address maps to its own Philox block, so a draw does not depend on which thread asks, in
/// which order, or how realisations are batched.
/// </summary>
internal readonly partial struct NoiseStream
{
    private const double Inv53 = 1.0 / (1UL << 53);

    private readonly uint _key0;
    private readonly uint _key1;
    private readonly uint _realisation;

    public NoiseStream(ulong masterSeed, uint realisationIndex)
    {
        _key0 = (uint)masterSeed;
        _key1 = (uint)(masterSeed >> 32);
        _realisation = realisationIndex;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PhiloxBlock Block(NoisePurpose purpose, uint step, int species, int particle, int block)
    {
        uint lane = (uint)species | ((uint)block << 16) | ((uint)purpose << 24);
        return Philox4x32.Generate((uint)particle, lane, step, _realisation, _key0, _key1);
    }

    /// <summary>
    /// Two independent standard normals from one block (Box–Muller on two 53-bit uniforms), with the
    /// project's fixed-bit log and sin/cos: the same bits as a lane of <see cref="FillGaussians"/> on any CPU.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Z0, double Z1) GaussianPair(NoisePurpose purpose, uint step, int species, int particle, int block)
    {
        PhiloxBlock b = Block(purpose, step, species, particle, block);
        double u1 = OpenUnit(b.W0, b.W1);
        double u2 = ClosedUnit(b.W2, b.W3);
        double radius = Math.Sqrt(-2.0 * FixedLog.OfNormal(u1));
        (double sin, double cos) = VectorSinCos.OfTurns(u2);
        return (radius * cos, radius * sin);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(NoisePurpose purpose, uint step, int species, int particle, int block)
    {
        PhiloxBlock b = Block(purpose, step, species, particle, block);
        return ClosedUnit(b.W0, b.W1);
    }

    /// <summary>One uniform in [0, 1) per entry, each from its own block.</summary>
    public void Uniforms(NoisePurpose purpose, uint step, int species, int particle, Span<double> into)
    {
        for (int a = 0; a < into.Length; a++) into[a] = Uniform(purpose, step, species, particle, a);
    }

    /// <summary>Fills d standard normals for one particle (d in 1..3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Gaussian(NoisePurpose purpose, uint step, int species, int particle, Span<double> into)
    {
        (double z0, double z1) = GaussianPair(purpose, step, species, particle, 0);
        into[0] = z0;
        if (into.Length > 1) into[1] = z1;
        if (into.Length > 2) into[2] = GaussianPair(purpose, step, species, particle, 1).Z0;
    }

    /// <summary>(0, 1]: never zero, so its logarithm is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double OpenUnit(uint hi, uint lo) => (Bits53(hi, lo) + 1) * Inv53;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ClosedUnit(uint hi, uint lo) => Bits53(hi, lo) * Inv53;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits53(uint hi, uint lo) => (((ulong)hi << 32) | lo) >> 11;
}
