using Ensemble.Simulation.Numerics;
using Ensemble.Simulation.Random;
using Xunit;

namespace Ensemble.Tests.Numerics;

/// <summary>The fixed-bit power, sin and cos against the runtime's, and the scalar sin/cos of turns against the vector one.</summary>
public sealed class FixedPowAndTrigTests
{
    [Fact]
    public void WholePowersAreRepeatedProducts()
    {
        Assert.True(Ulps.SameBits(1.0, FixedPow.Integer(0.3, 0)));
        Assert.True(Ulps.SameBits(0.3 * 0.3 * 0.3, FixedPow.Integer(0.3, 3)));
        Assert.True(Ulps.SameBits(1.0 / (0.1 * 0.1 * 0.1 * 0.1), FixedPow.Integer(0.1, -4)));
        Assert.True(Ulps.SameBits(1024.0, FixedPow.Pow(2.0, 10.0)));
        Assert.True(Ulps.SameBits(0.0, FixedPow.Pow(0.0, 1.5)));
    }

    [Fact]
    public void FractionalPowersWithinAFewUlpOnDensitiesAndCellRatios()
    {
        var random = new System.Random(31);
        for (int i = 0; i < 200_000; i++)
        {
            double x = Math.Pow(10.0, -3 + 6 * random.NextDouble());
            double y = i % 2 == 0 ? 1.0 / 3.0 : 0.2 + 4 * random.NextDouble();
            long distance = Ulps.Between(FixedPow.Pow(x, y), Math.Pow(x, y));
            // exp(y log x) carries the log's error times |y log x|, up to about 28 here.
            Assert.True(distance <= 2 + 2 * Math.Abs(y * Math.Log(x)), $"{x:R}^{y:R}: {distance} ulp");
        }
    }

    [Fact]
    public void SinAndCosWithinTwoUlpOrAnUlpOfOneOfMathSinAndCos()
    {
        var random = new System.Random(32);
        for (int i = 0; i < 300_000; i++)
        {
            double x = (random.NextDouble() - 0.5) * (i % 3 == 0 ? 20.0 : i % 3 == 1 ? 2000.0 : 3e6);
            Close(FixedTrig.Sin(x), Math.Sin(x), x);
            Close(FixedTrig.Cos(x), Math.Cos(x), x);
        }
        Assert.True(Ulps.SameBits(0.0, FixedTrig.Sin(0.0)));
        Assert.True(Ulps.SameBits(1.0, FixedTrig.Cos(0.0)));
        Assert.True(double.IsNaN(FixedTrig.Sin(double.PositiveInfinity)));
        Assert.True(double.IsNaN(FixedTrig.Cos(double.NaN)));
        Assert.InRange(FixedTrig.Cos(1e300), -1.0, 1.0);
        Assert.InRange(FixedTrig.Sin(-1.7e308), -1.0, 1.0);
    }

    [Fact]
    public void ScalarSinCosOfTurnsHasTheVectorBits()
    {
        var random = new System.Random(33);
        for (int i = 0; i < 50_000; i++)
        {
            double[] u = [random.NextDouble(), random.NextDouble(), i / 50_000.0, (i % 8) / 8.0];
            var (sin, cos) = VectorSinCos.OfTurns(System.Runtime.Intrinsics.Vector256.Create(u));
            for (int lane = 0; lane < 4; lane++)
            {
                var (s, c) = VectorSinCos.OfTurns(u[lane]);
                Assert.True(Ulps.SameBits(s, sin[lane]) && Ulps.SameBits(c, cos[lane]), $"u = {u[lane]:R}");
            }
        }
    }

    private static void Close(double value, double reference, double x)
    {
        bool near = Ulps.Between(value, reference) <= 2 || Math.Abs(value - reference) <= 2.5e-16;
        Assert.True(near, $"at {x:R}: {value:R} vs {reference:R}");
    }
}
