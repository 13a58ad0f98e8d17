using Ensemble.Simulation.Limits.Distances;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Distances;

public sealed class PairChaosTests
{
    private static readonly PairHistogram Pair = new(new PairHistogramSpec { Lower = -2.5, Upper = 2.5, Bins = 8 });

    [Fact]
    public void BinOfIndexesParticleZeroFastestAndMarksOutsidePairs()
    {
        Assert.Equal(0, Pair.BinOf(-2.5, -2.5));
        Assert.Equal(7 + 8 * 7, Pair.BinOf(2.5, 2.5));           // the upper edge is in the last bin
        Assert.Equal(3 + 8 * 5, Pair.BinOf(-0.1, 1.0));          // bins of width 0.625
        Assert.Equal(-1, Pair.BinOf(2.6, 0.0));
        Assert.Equal(-1, Pair.BinOf(0.0, -2.50001));
        Assert.Equal(-1, Pair.BinOf(double.NaN, 0.0));
        Assert.Equal(64, Pair.SlotOf(0.0, 3.0));
        var awkward = new PairHistogram(new PairHistogramSpec { Lower = 0.1, Upper = 0.7, Bins = 3 });
        Assert.Equal(2 + 3 * 2, awkward.BinOf(0.7, 0.7));
        Assert.Equal(0 + 3 * 2, awkward.BinOf(0.1, 0.6999999999999999));
        Assert.Equal(-1, awkward.BinOf(0.7000000000000001, 0.3));
        var oneHot = new double[Pair.Slots];
        Pair.OneHot(-0.1, 1.0, oneHot);
        Assert.Equal(1.0, oneHot[43]);
        Assert.Equal(1.0, oneHot.Sum());
    }

    [Fact]
    public void TotalVariationOfThePerfectlyDependentAndOfAProductLawAreOneMinusOneOverBAndZero()
    {
        const int b = 4;
        var diagonal = new double[b * b + 1];
        for (int i = 0; i < b; i++) diagonal[i + b * i] = 0.25;
        Assert.Equal(1 - 1.0 / b, PairChaos.TotalVariation(diagonal, b, 1000).Estimate, 1e-15);

        double[] p = [0.1, 0.2, 0.3, 0.4], q = [0.25, 0.25, 0.4, 0.1];
        var product = new double[b * b];
        for (int j = 0; j < b; j++)
            for (int i = 0; i < b; i++) product[i + b * j] = p[i] * q[j];
        var (estimate, se, bias) = PairChaos.TotalVariation(product, b, 1000);
        Assert.Equal(0.0, estimate, 1e-15);
        Assert.Equal(0.0, se);   // at the kink of |.| the delta method has nothing to say: the bias is the number to read
        Assert.True(bias > 0.01, $"bias {bias}");

        // The outside slot only conditions: the same joint law with 30% of the pairs outside gives the same TV,
        // from 700 pairs instead of 1000 (a larger bias).
        var withOutside = product.Select(v => 0.7 * v).Append(0.3).ToArray();
        var conditioned = PairChaos.TotalVariation(withOutside, b, 1000);
        Assert.Equal(estimate, conditioned.Estimate, 1e-15);
        Assert.True(conditioned.Bias > bias);
        Assert.True(double.IsNaN(PairChaos.TotalVariation(new double[b * b + 1].Select((_, k) => k == b * b ? 1.0 : 0.0).ToArray(), b, 10).Estimate));
    }

    [Fact]
    public void ForIndependentPairsTheEstimateMinusTheBiasIsWithinItsStandardErrorOfZero()
    {
        // 100 ensembles of R = 2000 independent N(0, 1) pairs: the mean of T - Bias is 0 within 3 of its standard
        // errors (over the ensembles) + 3% of the bias (twice the bias's own Monte Carlo error), and every single
        // |T - Bias| is below 3 of its reported se.
        var differences = new List<double>();
        double meanBias = 0.0, meanSe = 0.0;
        for (int ensemble = 0; ensemble < 100; ensemble++)
        {
            var (estimate, se, bias) = PairChaos.TotalVariation(Frequencies(2000, 0.0, ensemble), 8, 2000);
            differences.Add(estimate - bias);
            meanBias += bias / 100;
            meanSe += se / 100;
            Assert.True(Math.Abs(estimate - bias) < 3 * se, $"ensemble {ensemble}: T {estimate}, bias {bias}, se {se}");
        }
        double m = differences.Average(), s = Math.Sqrt(differences.Sum(v => (v - m) * (v - m)) / (differences.Count - 1));
        TestContext.Current.SendDiagnosticMessage(
            $"independent pairs, R = 2000, B = 8: mean bias {meanBias:F4}, mean T - bias {m:E2} +- {s / Math.Sqrt(100):E2}, "
            + $"spread of T {s:E3}, mean se {meanSe:E3}");
        Assert.InRange(m, -3 * s / Math.Sqrt(100) - 0.03 * meanBias, 3 * s / Math.Sqrt(100) + 0.03 * meanBias);
    }

    [Fact]
    public void ForPairsWithCorrelationOneHalfTheEstimateIsFarAboveTheBiasAndTheSeMatchesItsSpread()
    {
        // Correlation 0.5: TV well above the bias (over 6 se at R = 2000); the spread of T over 80 ensembles against the
        // mean reported se: ratio 1 within 15% (the spread's own error is ~8%).
        var estimates = new List<double>();
        double meanSe = 0.0, meanBias = 0.0;
        for (int ensemble = 0; ensemble < 80; ensemble++)
        {
            var (estimate, se, bias) = PairChaos.TotalVariation(Frequencies(2000, 0.5, 500 + ensemble), 8, 2000);
            Assert.True(estimate - bias > 6 * se, $"ensemble {ensemble}: T {estimate}, bias {bias}, se {se}");
            estimates.Add(estimate);
            meanSe += se / 80;
            meanBias += bias / 80;
        }
        double m = estimates.Average(), spread = Math.Sqrt(estimates.Sum(v => (v - m) * (v - m)) / (estimates.Count - 1));
        TestContext.Current.SendDiagnosticMessage(
            $"correlation 0.5, R = 2000, B = 8: mean T {m:F4}, mean bias {meanBias:F4}, spread {spread:E3}, mean se {meanSe:E3}, ratio {spread / meanSe:F3}");
        Assert.InRange(spread / meanSe, 0.85, 1.15);
    }

    [Fact]
    public void TheNormalApproximationOfTheBiasAgreesWithTheMonteCarloWhereEveryCellIsWellFilled()
    {
        double[] p = [0.2, 0.3, 0.3, 0.2], q = [0.15, 0.35, 0.25, 0.25];
        const long pairs = 40_000;
        double monteCarlo = PairChaos.MonteCarloBias(p, q, pairs), normal = PairChaos.NormalBias(p, q, pairs);
        TestContext.Current.SendDiagnosticMessage($"bias at R' = {pairs}, B = 4: Monte Carlo {monteCarlo:E4}, normal approximation {normal:E4}");
        // The Monte Carlo's own error is CV(T) / sqrt(64) ~ 0.25 / 8 ~ 3% here (16 cells): 3 of those.
        Assert.Equal(normal, monteCarlo, 0.1 * normal);
        Assert.Equal(monteCarlo, PairChaos.MonteCarloBias(p, q, pairs));
    }

    /// <summary>Joint frequencies (with the outside slot) of R pairs (z0, rho z0 + sqrt(1 - rho^2) z1).</summary>
    private static double[] Frequencies(int realisations, double rho, int seed)
    {
        var random = new System.Random(seed);
        var frequencies = new double[Pair.Slots];
        for (int r = 0; r < realisations; r++)
        {
            double z0 = Densities.Gaussian(random), z1 = Densities.Gaussian(random);
            frequencies[Pair.SlotOf(z0, rho * z0 + Math.Sqrt(1 - rho * rho) * z1)] += 1.0 / realisations;
        }
        return frequencies;
    }
}
