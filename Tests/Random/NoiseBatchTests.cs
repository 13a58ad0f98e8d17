using Ensemble.Simulation.Random;
using Xunit;

namespace Ensemble.Tests.Random;

/// <summary>The vectorised increments must be the same bits as the scalar definition, and independent of chunking.</summary>
public sealed class NoiseBatchTests
{
    [Fact]
    public void BatchGaussiansMatchTheScalarBoxMullerOfTheSameBlocks()
    {
        var noise = new NoiseStream(0xDEADBEEFCAFEUL, 12);
        const int count = 4003;
        double[] x = new double[count], y = new double[count], z = new double[count];
        noise.FillGaussians(NoisePurpose.BrownianIncrement, 77, 2, 0, count, x, y, z);
        for (int p = 0; p < count; p++)
        {
            var (z0, z1) = noise.GaussianPair(NoisePurpose.BrownianIncrement, 77, 2, p, 0);
            var (z2, _) = noise.GaussianPair(NoisePurpose.BrownianIncrement, 77, 2, p, 1);
            // Same bits in, same operations: the fixed-bit log and sin/cos leave no room for the
            // runtime's Vector256.Log or Math.Log to round differently, so the bits are equal.
            Assert.Equal(BitConverter.DoubleToInt64Bits(z0), BitConverter.DoubleToInt64Bits(x[p]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(z1), BitConverter.DoubleToInt64Bits(y[p]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(z2), BitConverter.DoubleToInt64Bits(z[p]));
        }
    }

    [Fact]
    public void ChunkBoundariesDoNotChangeTheDraws()
    {
        var noise = new NoiseStream(5, 6);
        const int count = 517;
        double[] whole = new double[count], wholeY = new double[count];
        noise.FillGaussians(NoisePurpose.BrownianIncrement, 3, 1, 0, count, whole, wholeY, Span<double>.Empty);
        double[] pieces = new double[count], piecesY = new double[count];
        int[] cuts = [0, 1, 6, 7, 130, 131, 400, count];
        for (int c = 0; c + 1 < cuts.Length; c++)
        {
            int from = cuts[c], to = cuts[c + 1];
            noise.FillGaussians(NoisePurpose.BrownianIncrement, 3, 1, from, to,
                pieces.AsSpan(from, to - from), piecesY.AsSpan(from, to - from), Span<double>.Empty);
        }
        Assert.Equal(whole, pieces);
        Assert.Equal(wholeY, piecesY);
    }
}
