using System.Runtime.Intrinsics;
using Ensemble.Simulation.Numerics;
using Xunit;

namespace Ensemble.Tests.Numerics;

/// <summary>
/// The fixed-bit exponential: accurate to 1 ulp against the runtime's (glibc's, within about half
/// an ulp) over the whole range, subnormal results included; exact and limiting values; the same
/// bits in the scalar and the vector form.
/// </summary>
public sealed class FixedExpTests
{
    [Fact]
    public void WithinTwoUlpOfMathExpOverTheWholeRange()
    {
        var random = new System.Random(21);
        long worst = 0;
        for (int i = 0; i < 400_000; i++)
        {
            double x = -745.2 + random.NextDouble() * (709.8 + 745.2);
            worst = Math.Max(worst, Ulps.Between(FixedExp.Exp(x), Math.Exp(x)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
    }

    [Fact]
    public void WithinTwoUlpForSmallArgumentsAndOnTheSmoothBumpRange()
    {
        var random = new System.Random(22);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // |x| from 2^-60 to 1, either sign; then the smooth bump's -1/t for t in (1/700, 1].
            double small = (random.Next(2) == 0 ? -1 : 1) * Math.Pow(2.0, -60 * random.NextDouble());
            double bump = -1.0 / (1.0 / 700 + random.NextDouble() * (1 - 1.0 / 700));
            worst = Math.Max(worst, Ulps.Between(FixedExp.Exp(small), Math.Exp(small)));
            worst = Math.Max(worst, Ulps.Between(FixedExp.Exp(bump), Math.Exp(bump)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
    }

    [Fact]
    public void SubnormalResultsAreWithinOneSubnormalStep()
    {
        var random = new System.Random(23);
        for (int i = 0; i < 100_000; i++)
        {
            double x = -745.2 + random.NextDouble() * (745.2 - 708.4);
            long distance = Ulps.Between(FixedExp.Exp(x), Math.Exp(x));
            Assert.True(distance <= 1, $"exp({x:R}): {FixedExp.Exp(x):R} vs {Math.Exp(x):R}");
        }
    }

    [Fact]
    public void ExactAndLimitingValues()
    {
        Assert.True(Ulps.SameBits(1.0, FixedExp.Exp(0.0)));
        Assert.True(Ulps.SameBits(1.0, FixedExp.Exp(-0.0)));
        Assert.True(Ulps.SameBits(0.0, FixedExp.Exp(double.NegativeInfinity)));
        Assert.True(Ulps.SameBits(0.0, FixedExp.Exp(-746.0)));
        Assert.True(Ulps.SameBits(0.0, FixedExp.Exp(-1e300)));
        Assert.Equal(double.PositiveInfinity, FixedExp.Exp(709.8));
        Assert.Equal(double.PositiveInfinity, FixedExp.Exp(1e300));
        Assert.Equal(double.PositiveInfinity, FixedExp.Exp(double.PositiveInfinity));
        Assert.True(double.IsNaN(FixedExp.Exp(double.NaN)));
        Assert.True(Ulps.Between(FixedExp.Exp(709.78), Math.Exp(709.78)) <= 1);
        Assert.True(Ulps.Between(FixedExp.Exp(1.0), Math.E) <= 1);
        Assert.True(Ulps.Between(FixedExp.Exp(Math.Log(2.0)), 2.0) <= 1);
        Assert.True(FixedExp.Exp(-745.0) > 0.0);
    }

    [Fact]
    public void NonDecreasingOverAFineSweep()
    {
        foreach (double centre in new[] { 0.0, 0.5 * Math.Log(2.0), -0.5 * Math.Log(2.0), -1.0, -700.0, -745.0, 709.0 })
        {
            double x = centre;
            for (int i = 0; i < 20_000; i++) x = Math.BitDecrement(x);
            double previous = FixedExp.Exp(x);
            for (int i = 0; i < 40_000; i++)
            {
                x = Math.BitIncrement(x);
                double value = FixedExp.Exp(x);
                Assert.True(value >= previous, $"exp({x:R}) = {value:R} < exp of the double below, {previous:R}");
                previous = value;
            }
        }
    }

    [Fact]
    public void TheModerateRangeFormHasTheGeneralBits()
    {
        var random = new System.Random(25);
        for (int i = 0; i < 100_000; i++)
        {
            double x = i % 2 == 0 ? -708 + 1417 * random.NextDouble() : -1.0 / (1.0 / 700 + random.NextDouble());
            double general = FixedExp.Exp(x);
            Assert.True(Ulps.SameBits(general, FixedExp.OfModerate(x)), $"OfModerate({x:R})");
            Assert.True(Ulps.SameBits(general, FixedExp.OfModerate(Vector256.Create(x))[0]), $"vector OfModerate({x:R})");
        }
    }

    [Fact]
    public void VectorLanesHaveTheScalarBits()
    {
        var random = new System.Random(24);
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -745.5, 709.9, -708.5, 1e-310];
        double[] x = new double[4];
        for (int i = 0; i < 100_000; i++)
        {
            for (int lane = 0; lane < 4; lane++)
                x[lane] = i < specials.Length ? specials[(i + lane) % specials.Length]
                    : i % 2 == 0 ? -750 + 1465 * random.NextDouble() : -1.0 / (1e-3 + random.NextDouble());
            var v = FixedExp.Exp(Vector256.Create(x));
            for (int lane = 0; lane < 4; lane++)
                Assert.True(Ulps.SameBits(FixedExp.Exp(x[lane]), v[lane]), $"Exp({x[lane]:R}): {FixedExp.Exp(x[lane]):R} vs {v[lane]:R}");
        }
    }
}
