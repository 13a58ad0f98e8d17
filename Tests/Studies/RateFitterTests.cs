using Ensemble.Simulation.Studies;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Ensemble.Tests.Studies;

/// <summary>
/// The log-log slope fit against synthetic studies with a known slope: values c p^s (1 + noise) with the noise's
/// standard error given to the fit, as a study's estimates come with theirs.
/// </summary>
public sealed class RateFitterTests(ITestOutputHelper output)
{
    private static readonly double[] Ns = [250, 500, 1000, 2000, 4000];

    private static RatePoint[] Synthetic(double slope, double relativeSe, System.Random random, double[]? parameters = null) =>
        (parameters ?? Ns).Select(p =>
        {
            double exact = 3.0 * Math.Pow(p, slope);
            double se = relativeSe * exact;
            return new RatePoint(p, exact + se * Normal.Sample(random, 0.0, 1.0), se);
        }).ToArray();

    /// <summary>
    /// 2000 studies of 5 points with 5% errors and slope -1: the 95% intervals cover -1 in 93-97% of them (binomial
    /// sd of the coverage 0.5%: the band is 4 sd), the mean slope is within 4 standard errors of the mean of -1, and the
    /// mean reported standard error matches the spread of the slopes within 15%.
    /// </summary>
    [Fact]
    public void IntervalsCoverTheTrueSlopeAtTheirLevel()
    {
        var random = new System.Random(20261201);
        var fits = Enumerable.Range(0, 2000).Select(_ => RateFitter.Fit(Synthetic(-1.0, 0.05, random))).ToArray();
        double coverage = fits.Count(f => f.Lower95 <= -1.0 && -1.0 <= f.Upper95) / (double)fits.Length;
        double mean = fits.Average(f => f.Slope);
        double spread = Math.Sqrt(fits.Sum(f => (f.Slope - mean) * (f.Slope - mean)) / (fits.Length - 1));
        double reported = fits.Average(f => f.SlopeStandardError);
        output.WriteLine($"coverage {coverage:F3}, mean slope {mean:F4}, spread {spread:F4}, mean reported se {reported:F4}");
        Assert.InRange(coverage, 0.93, 0.97);
        Assert.True(Math.Abs(mean + 1.0) < 4 * spread / Math.Sqrt(fits.Length), $"mean slope {mean}");
        Assert.InRange(reported / spread, 0.85, 1.15);
        Assert.All(fits, f => Assert.Equal(RateVerdict.Meaningful, f.Verdict));
    }

    [Fact]
    public void ExactPowerLawGivesItsSlopeAndPairwiseOrders()
    {
        var points = Ns.Select(p => new RatePoint(p, 2.0 * Math.Pow(p, -0.5), 1e-3 * Math.Pow(p, -0.5))).ToArray();
        var fit = RateFitter.Fit(points.Reverse().ToArray());
        Assert.Equal(-0.5, fit.Slope, 10);
        Assert.Equal(Math.Log(2.0), fit.Intercept, 8);
        Assert.Equal(4, fit.PairwiseOrders.Count);
        Assert.All(fit.PairwiseOrders, o => Assert.Equal(-0.5, o, 10));
        Assert.Contains("slope -0.500", fit.Explanation);
    }

    /// <summary>A scatter far beyond the stated errors: the residuals set the interval's width, not the too-small errors.</summary>
    [Fact]
    public void ScatterBeyondTheErrorsWidensTheInterval()
    {
        var points = Ns.Select((p, i) => new RatePoint(p, Math.Pow(p, -1.0) * (i % 2 == 0 ? 1.3 : 0.7), 1e-4 * Math.Pow(p, -1.0))).ToArray();
        var fit = RateFitter.Fit(points);
        Assert.True(fit.ReducedChiSquare > 100, $"reduced chi2 {fit.ReducedChiSquare}");
        Assert.True(fit.SlopeStandardError > 0.05, $"se {fit.SlopeStandardError}");
    }

    [Fact]
    public void TwoPointsGiveNoSlope()
    {
        var fit = RateFitter.Fit([new RatePoint(100, 0.1, 0.01), new RatePoint(200, 0.05, 0.01)]);
        Assert.Equal(RateVerdict.TooFewPoints, fit.Verdict);
        Assert.True(double.IsNaN(fit.Slope));
        Assert.Equal(-1.0, fit.PairwiseOrders.Single(), 10);
        Assert.StartsWith("no slope: 2 points", fit.Explanation);
    }

    [Fact]
    public void EstimatesAtTheFloorAreSaidToBe()
    {
        var nearZero = Ns.Select(p => new RatePoint(p, 1.0 / p, p >= 2000 ? 2.0 / p : 0.01 / p)).ToArray();
        Assert.Equal(RateVerdict.AtNoiseFloor, RateFitter.Fit(nearZero).Verdict);
        var onFloor = Ns.Select(p => new RatePoint(p, 0.1 + 1.0 / p, 5e-5, Floor: 0.1 + 0.9 / p, FloorStandardError: 5e-5)).ToArray();
        var fit = RateFitter.Fit(onFloor);
        Assert.Equal(RateVerdict.AtNoiseFloor, fit.Verdict);
        Assert.Contains("noise floor (at parameter 1000, 2000, 4000)", fit.Explanation);
    }

    [Fact]
    public void NoisyDataWithoutATrendIsNotARate()
    {
        var random = new System.Random(7);
        var fit = RateFitter.Fit(Synthetic(0.0, 0.3, random, [1000, 1100, 1200, 1300]));
        Assert.Equal(RateVerdict.WiderThanSlope, fit.Verdict);
        Assert.Contains("is not a rate", fit.Explanation);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.1)]
    [InlineData(-5.0, 1.0, 0.1)]
    [InlineData(100.0, double.NaN, 0.1)]
    [InlineData(100.0, 1.0, -0.1)]
    public void BadPointsAreRefusedByName(double parameter, double value, double se)
    {
        var points = new[] { new RatePoint(parameter, value, se), new RatePoint(10, 1, 0.1), new RatePoint(20, 0.5, 0.1) };
        var e = Assert.Throws<ArgumentException>(() => RateFitter.Fit(points));
        Assert.Matches("parameter must be positive|finite estimate", e.Message);
    }
}
