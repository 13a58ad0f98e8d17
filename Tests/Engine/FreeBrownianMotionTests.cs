using Ensemble.Simulation.Engine;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Engine;

/// <summary>
/// With a = 0 the particles are independent Brownian motions: X_T = X_0 + sqrt(2 sigma T) Z with
/// X_0 ~ N(m, 0.25 I), so X_T ~ N(m, (0.25 + 2 sigma T) I). Checked over 2000 realisations within
/// 4 standard errors, per species and axis, for the cloud mean, the (unbiased) cloud variance and
/// the tagged particle's variance across realisations.
/// </summary>
public sealed class FreeBrownianMotionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MeanAndVarianceAtTheHorizonMatchTheExactValues(int dimension)
    {
        const int realisations = 2000, particles = 16, steps = 40;
        const double sigma = 0.7, dt = 2.5e-3, horizon = steps * dt;
        var spec = TestSpecs.Pairwise(dimension, particles, TestSpecs.Matrix(2, 0.0), sigma: sigma, dt: dt, steps: steps);
        var simulator = Simulator.Create(spec);
        double exactVariance = 0.25 + 2 * sigma * horizon;

        var cloudMean = new MathNet.Numerics.Statistics.RunningStatistics[2, dimension];
        var cloudVariance = new MathNet.Numerics.Statistics.RunningStatistics[2, dimension];
        var tagged = new MathNet.Numerics.Statistics.RunningStatistics[2, dimension];
        for (int k = 0; k < 2; k++)
        for (int a = 0; a < dimension; a++)
            (cloudMean[k, a], cloudVariance[k, a], tagged[k, a]) = (new(), new(), new());

        for (uint r = 0; r < realisations; r++)
        {
            var result = simulator.Run(new RealisationSeed(31337, r));
            var final = result.Snapshots[^1];
            Assert.Equal(horizon, final.Time, 12);
            for (int k = 0; k < 2; k++)
            {
                int diagonal = 0;
                for (int a = 0; a < dimension; a++)
                {
                    cloudMean[k, a].Push(final.Species[k].Mean[a]);
                    // Empirical covariance has divisor N; rescale to the unbiased estimate.
                    cloudVariance[k, a].Push(final.Species[k].Covariance[diagonal] * particles / (particles - 1));
                    diagonal += dimension - a;
                    tagged[k, a].Push(final.Species[k].TaggedPositions[0][a]);
                }
            }
        }

        for (int k = 0; k < 2; k++)
        for (int a = 0; a < dimension; a++)
        {
            double exactMean = a == 0 ? k - 0.5 : 0.0;
            AssertWithin(cloudMean[k, a].Mean, exactMean, cloudMean[k, a].StandardDeviation / Math.Sqrt(realisations), $"mean of species {k} axis {a}");
            AssertWithin(cloudVariance[k, a].Mean, exactVariance, cloudVariance[k, a].StandardDeviation / Math.Sqrt(realisations),
                $"variance of species {k} axis {a}");
            AssertWithin(tagged[k, a].Variance, exactVariance, exactVariance * Math.Sqrt(2.0 / (realisations - 1)), $"tagged variance of species {k} axis {a}");
        }
    }

    private static void AssertWithin(double estimate, double exact, double standardError, string what) =>
        Assert.True(Math.Abs(estimate - exact) <= 4 * standardError,
            $"{what}: estimate {estimate:G6}, exact {exact:G6}, 4 SE = {4 * standardError:G3}");
}
