using Ensemble.Simulation.Random;
using Xunit;

namespace Ensemble.Tests.Random;

public sealed class Philox4x32Tests
{
    /// <summary>The known-answer vectors published with Random123 (kat_vectors, philox4x32 10 rounds).</summary>
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesPublishedKnownAnswerVectors(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal(new PhiloxBlock(e0, e1, e2, e3), Philox4x32.Generate(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void GaussianDrawsHaveUnitVarianceZeroMeanAndNormalTails()
    {
        var noise = new NoiseStream(masterSeed: 42, realisationIndex: 7);
        const int pairs = 200_000;
        double sum = 0, sumSquares = 0, sumFourth = 0, cross = 0;
        for (int p = 0; p < pairs; p++)
        {
            var (z0, z1) = noise.GaussianPair(NoisePurpose.BrownianIncrement, 3, 1, p, 0);
            sum += z0 + z1;
            sumSquares += z0 * z0 + z1 * z1;
            sumFourth += z0 * z0 * z0 * z0 + z1 * z1 * z1 * z1;
            cross += z0 * z1;
        }
        const int n = 2 * pairs;
        // Standard errors: mean 1/sqrt(n); E z^2 = 1 with sd sqrt(2); E z^4 = 3 with sd sqrt(96); E z0 z1 = 0 with sd 1.
        Assert.InRange(sum / n, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(sumSquares / n, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n));
        Assert.InRange(sumFourth / n, 3 - 4 * Math.Sqrt(96.0 / n), 3 + 4 * Math.Sqrt(96.0 / n));
        Assert.InRange(cross / pairs, -4 / Math.Sqrt(pairs), 4 / Math.Sqrt(pairs));
    }

    [Fact]
    public void EveryAddressFieldChangesTheDraw()
    {
        var noise = new NoiseStream(1, 2);
        var reference = noise.Block(NoisePurpose.BrownianIncrement, 5, 1, 9, 0);
        Assert.Equal(reference, new NoiseStream(1, 2).Block(NoisePurpose.BrownianIncrement, 5, 1, 9, 0));
        Assert.NotEqual(reference, noise.Block(NoisePurpose.InitialPosition, 5, 1, 9, 0));
        Assert.NotEqual(reference, noise.Block(NoisePurpose.BrownianIncrement, 6, 1, 9, 0));
        Assert.NotEqual(reference, noise.Block(NoisePurpose.BrownianIncrement, 5, 0, 9, 0));
        Assert.NotEqual(reference, noise.Block(NoisePurpose.BrownianIncrement, 5, 1, 8, 0));
        Assert.NotEqual(reference, noise.Block(NoisePurpose.BrownianIncrement, 5, 1, 9, 1));
        Assert.NotEqual(reference, new NoiseStream(1, 3).Block(NoisePurpose.BrownianIncrement, 5, 1, 9, 0));
        Assert.NotEqual(reference, new NoiseStream(1UL << 40, 2).Block(NoisePurpose.BrownianIncrement, 5, 1, 9, 0));
    }
}
