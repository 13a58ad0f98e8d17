using System.Runtime.Intrinsics;
using Ensemble.Simulation.Numerics;
using Xunit;

namespace Ensemble.Tests.Numerics;

/// <summary>
/// The fixed-bit logarithm: accurate to 1 ulp against the runtime's (glibc's, itself within about
/// half an ulp), exact where the answer is, and the same bits in the scalar and the vector form.
/// </summary>
public sealed class FixedLogTests
{
    [Fact]
    public void WithinTwoUlpOfMathLogOverEveryBinadeIncludingSubnormals()
    {
        var random = new System.Random(11);
        long worst = 0;
        for (int i = 0; i < 400_000; i++)
        {
            double x = Ulps.AnyPositive(random);
            worst = Math.Max(worst, Ulps.Between(FixedLog.Log(x), Math.Log(x)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
    }

    [Fact]
    public void WithinTwoUlpNearOneWhereTheLogarithmIsSmall()
    {
        var random = new System.Random(12);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = 1.0 + (random.NextDouble() - 0.5) * Math.Pow(2.0, -random.Next(1, 50));
            worst = Math.Max(worst, Ulps.Between(FixedLog.Log(x), Math.Log(x)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
    }

    [Fact]
    public void WithinTwoUlpOnTheBoxMullerUniforms()
    {
        // u1 = k 2^-53 for k in 1..2^53: the smallest, the largest and a spread between.
        var random = new System.Random(13);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            long k = i < 1000 ? i + 1 : i < 2000 ? (1L << 53) - (i - 1000) : random.NextInt64(1, (1L << 53) + 1);
            double u = k * (1.0 / (1UL << 53));
            worst = Math.Max(worst, Ulps.Between(FixedLog.OfNormal(u), Math.Log(u)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
    }

    [Fact]
    public void ExactAndSpecialValues()
    {
        Assert.True(Ulps.SameBits(0.0, FixedLog.Log(1.0)));
        Assert.Equal(double.NegativeInfinity, FixedLog.Log(0.0));
        Assert.Equal(double.NegativeInfinity, FixedLog.Log(-0.0));
        Assert.Equal(double.PositiveInfinity, FixedLog.Log(double.PositiveInfinity));
        Assert.True(double.IsNaN(FixedLog.Log(-1.0)));
        Assert.True(double.IsNaN(FixedLog.Log(double.NegativeInfinity)));
        Assert.True(double.IsNaN(FixedLog.Log(double.NaN)));
        Assert.True(Ulps.Between(FixedLog.Log(double.Epsilon), -744.4400719213812) <= 1);
        Assert.True(Ulps.Between(FixedLog.Log(double.MaxValue), 709.782712893384) <= 1);
        Assert.True(Ulps.Between(FixedLog.Log(2.0), Math.Log(2.0)) <= 1);
        Assert.True(Ulps.Between(FixedLog.Log(Math.E), 1.0) <= 1);
    }

    [Fact]
    public void NonDecreasingOverAFineSweep()
    {
        // Consecutive doubles around every power of two and around 1, where the reduction switches.
        foreach (double centre in new[] { 1.0, Math.Sqrt(2.0), Math.Sqrt(0.5), 0.5, 2.0, 1e-300, 1e300, 2.2250738585072014e-308 })
        {
            double x = centre, previous = FixedLog.Log(x);
            for (int i = 0; i < 20_000; i++) x = Math.BitDecrement(x);
            previous = FixedLog.Log(x);
            for (int i = 0; i < 40_000; i++)
            {
                x = Math.BitIncrement(x);
                double value = FixedLog.Log(x);
                Assert.True(value >= previous, $"log({x:R}) = {value:R} < log of the double below, {previous:R}");
                previous = value;
            }
        }
    }

    [Fact]
    public void VectorLanesHaveTheScalarBits()
    {
        var random = new System.Random(14);
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, double.MaxValue,
            2.2250738585072014e-308, 4.9e-320];
        double[] x = new double[4];
        for (int i = 0; i < 100_000; i++)
        {
            for (int lane = 0; lane < 4; lane++)
                x[lane] = i < specials.Length ? specials[(i + lane) % specials.Length] : i % 2 == 0 ? Ulps.AnyPositive(random) : random.NextDouble();
            var v = Vector256.Create(x);
            var general = FixedLog.Log(v);
            var normal = FixedLog.OfNormal(v);
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.True(Ulps.SameBits(FixedLog.Log(x[lane]), general[lane]), $"Log({x[lane]:R})");
                if (x[lane] >= 2.2250738585072014e-308 && double.IsFinite(x[lane]))
                    Assert.True(Ulps.SameBits(FixedLog.OfNormal(x[lane]), normal[lane]), $"OfNormal({x[lane]:R})");
            }
        }
    }
}
