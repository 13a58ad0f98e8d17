using System.Numerics;
using System.Text.Json;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Statistics;

/// <summary>
/// <see cref="ExactSum"/> against a <see cref="BigInteger"/> reference (values in units of 2^-1074),
/// and its canonical state: the same multiset in any order or merge tree gives the same limbs.
/// </summary>
public sealed class ExactSumTests
{
    [Fact]
    public void OneSurvivesBetweenTwoHugeValuesThatCancel()
    {
        Assert.Equal(0.0, 1e16 + 1.0 - 1e16);   // what double arithmetic makes of it
        var sum = Sum(1e16, 1.0, -1e16);
        Assert.Equal(1.0, sum.ToDouble());
        Assert.Equal(new ExactSumState(34, [1]), sum.ToState());   // 1 = 2^1088 * 2^-1088: limb 34
    }

    [Fact]
    public void ValuesFrom1eMinus300To1e300WithHeavyCancellationSumExactly()
    {
        var random = new System.Random(20240611);
        var values = WideRangeWithCancellation(random, 3000);
        var sum = Sum(values);
        var exact = ExactReference.Sum(values);

        Assert.Equal(exact, ExactReference.Scaled(sum.ToState()));
        Assert.True(ExactReference.IsCorrectlyRounded(sum.ToDouble(), exact), $"{sum.ToDouble():R} is not the sum rounded");
        // The cancellation is real: the largest terms cancel to within a few of their ulps.
        Assert.True(Math.Abs(sum.ToDouble()) < 1e-14 * values.Max(v => Math.Abs(v)));
    }

    [Fact]
    public void AnyOrderAndAnyMergeTreeGiveTheSameStateAndDouble()
    {
        var random = new System.Random(7);
        var values = WideRangeWithCancellation(random, 2000);
        var reference = Sum(values);
        var state = reference.ToState();
        long bits = BitConverter.DoubleToInt64Bits(reference.ToDouble());

        for (int permutation = 0; permutation < 50; permutation++)
        {
            var shuffled = values.ToArray();
            random.Shuffle(shuffled);
            var sum = Sum(shuffled);
            Assert.Equal(state, sum.ToState());
            Assert.Equal(state.Limbs, sum.ToState().Limbs);
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(sum.ToDouble()));
        }
        for (int tree = 0; tree < 20; tree++)
        {
            var merged = RandomMergeTree(values, random);
            Assert.Equal(state, merged.ToState());
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(merged.ToDouble()));
        }
    }

    [Fact]
    public void StateRoundTripsDirectlyAndThroughJson()
    {
        var values = WideRangeWithCancellation(new System.Random(3), 500);
        var sum = Sum(values);
        var state = sum.ToState();

        var restored = ExactSum.FromState(state);
        Assert.Equal(state, restored.ToState());
        var json = JsonSerializer.Deserialize<ExactSumState>(JsonSerializer.Serialize(state))!;
        Assert.Equal(state, json);

        // A restored sum goes on exactly as the original would have.
        restored.Add(1e-300);
        sum.Add(1e-300);
        Assert.Equal(sum.ToState(), restored.ToState());
        var clone = sum.Clone();
        clone.Add(5.0);
        Assert.NotEqual(sum.ToState(), clone.ToState());
    }

    [Fact]
    public void SubnormalsAreSummedExactlyAndNegativeZeroAddsNothing()
    {
        var sum = new ExactSum();
        for (int i = 0; i < 1000; i++) sum.Add(double.Epsilon);
        Assert.Equal(1000 * double.Epsilon, sum.ToDouble());
        Assert.Equal(new ExactSumState(0, [1000L << 14]), sum.ToState());   // 2^-1074 is 2^14 units of limb 0

        var tiny = Sum(double.Epsilon, 1.0, -1.0, -double.Epsilon, 2.2250738585072014E-308, -2.2250738585072009E-308);
        Assert.Equal(2.2250738585072014E-308 - 2.2250738585072009E-308, tiny.ToDouble());   // exact in the subnormals

        var zeros = Sum(-0.0, 0.0, -0.0);
        Assert.Equal(new ExactSumState(0, []), zeros.ToState());
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(zeros.ToDouble()));   // +0: an exact zero has no sign
    }

    [Fact]
    public void SumsBeyondTheDoubleRangeStayExact()
    {
        var sum = Sum(double.MaxValue, double.MaxValue);
        Assert.Equal(double.PositiveInfinity, sum.ToDouble());
        sum.Add(-double.MaxValue);
        Assert.Equal(double.MaxValue, sum.ToDouble());
        Assert.Equal(double.NegativeInfinity, Sum(-double.MaxValue, -double.MaxValue).ToDouble());
    }

    [Fact]
    public void NegativeValuesHaveASignedTopLimb()
    {
        Assert.Equal(new ExactSumState(34, [-1]), Sum(-1.0).ToState());
        Assert.Equal(new ExactSumState(33, [-(1L << 31)]), Sum(-0.5).ToState());
        Assert.Equal(new ExactSumState(35, [-1]), Sum(-4294967296.0).ToState());
        // -1.5 = -(2^32 + 2^31) units of limb 33 = 2^31 + (-2) * 2^32.
        Assert.Equal(new ExactSumState(33, [1L << 31, -2]), Sum(-1.5).ToState());
        // 2^32 - 2^-1 in limb 33 units is 2^64 - 2^31: digits [2^31, 2^32 - 1], positive top.
        Assert.Equal(new ExactSumState(33, [1L << 31, uint.MaxValue]), Sum(4294967296.0, -0.5).ToState());
        Assert.Equal(-1.5, Sum(-1.5).ToDouble());
    }

    [Fact]
    public void ToDoubleRoundsToNearestWithTiesToEvenAndSeesBitsFarBelow()
    {
        double half = Math.ScaleB(1.0, -53), ulp = Math.ScaleB(1.0, -52);
        Assert.Equal(1.0, Sum(1.0, half).ToDouble());                                  // tie: to even
        Assert.Equal(1.0 + 2 * ulp, Sum(1.0 + ulp, half).ToDouble());                  // tie: to even, upwards
        Assert.Equal(1.0 + ulp, Sum(1.0, half, Math.ScaleB(1.0, -70)).ToDouble());     // above the tie
        Assert.Equal(1.0 + ulp, Sum(1.0, half, Math.ScaleB(1.0, -1000)).ToDouble());   // far above the window
        Assert.Equal(-1.0 - ulp, Sum(-1.0, -half, -double.Epsilon).ToDouble());
        Assert.Equal(1.0, Sum(1.0, half, -double.Epsilon).ToDouble());                 // just below the tie
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void CarriesOfAMillionAllOnesMantissasAtEveryAlignmentAreExact(double sign)
    {
        // 2 - 2^-52 has 53 one bits; scaling by 2^s moves it through all 32 bit offsets within a limb.
        for (int s = -40; s < 40; s += 3)
        {
            double x = sign * Math.ScaleB(2.0 - Math.ScaleB(1.0, -52), s);
            var sum = new ExactSum();
            for (int i = 0; i < 1_000_000; i++) sum.Add(x);
            var exact = ExactReference.Scaled(x) * 1_000_000;
            Assert.Equal(exact, ExactReference.Scaled(sum.ToState()));
            Assert.True(ExactReference.IsCorrectlyRounded(sum.ToDouble(), exact));
        }
    }

    [Fact]
    public void MoreThan2To31AdditionsThroughDoublingMergesDoNotOverflowALimb()
    {
        // Each merge of a copy doubles the pending additions; 2^40 copies would overflow unpropagated limbs.
        double[] values = [2.0 - Math.ScaleB(1.0, -52), -Math.ScaleB(1.9999999999999998, 40), 3.0e-10, -7.0 / 3.0];
        var sum = Sum(values);
        for (int doubling = 0; doubling < 40; doubling++) sum.Add(sum.Clone());
        sum.Add(sum);   // merging with itself doubles once more
        var exact = ExactReference.Sum(values) << 41;
        Assert.Equal(exact, ExactReference.Scaled(sum.ToState()));
        Assert.True(ExactReference.IsCorrectlyRounded(sum.ToDouble(), exact));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesAreRefusedAndLeaveTheSumAsItWas(double value)
    {
        var sum = Sum(1.0, 2.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => sum.Add(value));
        Assert.Equal(3.0, sum.ToDouble());
    }

    [Fact]
    public void StatesAreCanonicalAndTheWindowStaysSmallForValuesOfOneMagnitude()
    {
        var random = new System.Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            var values = WideRangeWithCancellation(random, random.Next(1, 40));
            Sum(values).ToState().Validate();
        }

        var cloudMeans = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() - 0.5).ToArray();
        var state = Sum(cloudMeans).ToState();
        Assert.InRange(state.Limbs.Length, 1, 4);
    }

    [Theory]
    [InlineData(5, new long[0])]
    [InlineData(0, new long[] { 0, 1 })]
    [InlineData(0, new long[] { 3, 0 })]
    [InlineData(0, new long[] { 5, -1 })]
    [InlineData(0, new long[] { -4294967296 })]
    [InlineData(0, new long[] { 4294967296, 1 })]
    [InlineData(0, new long[] { -3, 1 })]
    [InlineData(0, new long[] { 8589934592 })]
    [InlineData(-1, new long[] { 1 })]
    [InlineData(200, new long[] { 1 })]
    public void NonCanonicalStatesAreRefused(int low, long[] limbs) =>
        Assert.Throws<ArgumentException>(() => ExactSum.FromState(new ExactSumState(low, limbs)));

    private static ExactSum Sum(params IEnumerable<double> values)
    {
        var sum = new ExactSum();
        foreach (double x in values) sum.Add(x);
        return sum;
    }

    /// <summary>
    /// Values with random mantissas and magnitudes from 1e-300 to 1e300, each large one later nearly
    /// cancelled by its negation plus a small change, so the exact sum is far below the largest term.
    /// </summary>
    private static double[] WideRangeWithCancellation(System.Random random, int count)
    {
        var values = new List<double>(2 * count);
        for (int i = 0; i < count; i++)
        {
            double x = (random.NextDouble() + 0.5) * Math.Pow(10, random.Next(-300, 301)) * (random.Next(2) == 0 ? 1 : -1);
            values.Add(x);
            if (Math.Abs(x) > 1e-200) values.Add(-x * (1 + random.Next(-3, 4) * Math.ScaleB(1.0, -52)));
        }
        var array = values.ToArray();
        random.Shuffle(array);
        return array;
    }

    /// <summary>Partial sums of random chunks, merged pairwise in random order until one is left.</summary>
    private static ExactSum RandomMergeTree(double[] values, System.Random random)
    {
        var partials = new List<ExactSum>();
        for (int i = 0; i < values.Length;)
        {
            int length = random.Next(1, 200);
            partials.Add(Sum(values.Skip(i).Take(length)));
            i += length;
        }
        while (partials.Count > 1)
        {
            int a = random.Next(partials.Count), b = random.Next(partials.Count - 1);
            if (b >= a) b++;
            partials[a].Add(partials[b]);
            partials.RemoveAt(b);
        }
        return partials[0];
    }
}
