using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>
/// With a = 0 the particles are independent: the two tagged particles are uncorrelated, and
/// N Var(&lt;mu_N, phi&gt;) equals Var(phi(X)) for X ~ N(m, s^2 I), s^2 = 0.25 + 2 sigma T, which is known
/// in closed form for phi = cos(k . x). Both are checked through a real cluster, within 4 standard errors.
/// </summary>
public sealed class PropagationOfChaosTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    private const int Realisations = 4000, Particles = 8, Steps = 20;
    private const double Sigma = 0.5, Dt = 2.5e-3;
    private static readonly double[] K = [1.3, -0.7];

    private static readonly SimulationSpec Independent = TestSpecs.Pairwise(2, Particles, TestSpecs.Matrix(2, 0.0), sigma: Sigma, dt: Dt, steps: Steps,
        observables: new ObservablesSpec { TestFunctions = [new CosineMode { Wavevector = K }] });

    [Fact]
    public async Task TaggedPairCovarianceIsConsistentWithZeroAndFluctuationsMatchTheExactVariance()
    {
        await Jobs.RunToEnd(cluster.Grains, "chaos", Jobs.Submission(Independent, Realisations, seed: 2026));
        var job = cluster.Grains.GetGrain<IJobGrain>("chaos");
        double horizon = Steps * Dt;

        var covariances = (await job.GetEstimates(new EstimateQuery { Observable = "tagged_covariance", Time = horizon })).Rows;
        Assert.Equal(4, covariances.Length); // 2 species x 2 axes
        foreach (var row in covariances)
        {
            Assert.True(row.StandardError > 0);
            Assert.True(Math.Abs(row.Mean) <= 4 * row.StandardError, $"{row.Species}/{row.Component}: covariance {row.Mean:G4}, se {row.StandardError:G3}");
            Assert.True(row.CiLow < row.Mean && row.Mean < row.CiHigh);
            // The tagged variance itself is s^2 ~ 0.275: a covariance SE near s^2 / sqrt(R) shows the CI is not vacuous.
            Assert.InRange(row.StandardError, 0.5 * 0.275 / Math.Sqrt(Realisations), 2 * 0.275 / Math.Sqrt(Realisations));
        }

        double s2 = 0.25 + 2 * Sigma * horizon, k2 = K[0] * K[0] + K[1] * K[1];
        var fluctuations = (await job.GetEstimates(new EstimateQuery { Observable = "test_function_fluctuation", Time = horizon })).Rows;
        Assert.Equal(2, fluctuations.Length);
        foreach (var row in fluctuations)
        {
            double km = K[0] * (row.Species == "s0" ? -0.5 : 0.5); // species k starts at mean (k - 0.5, 0)
            double mean = Math.Cos(km) * Math.Exp(-k2 * s2 / 2);
            double secondMoment = 0.5 * (1 + Math.Cos(2 * km) * Math.Exp(-2 * k2 * s2));
            double exact = secondMoment - mean * mean;
            Assert.True(Math.Abs(row.Mean - exact) <= 4 * row.StandardError,
                $"{row.Species}: N Var = {row.Mean:G5} ± {row.StandardError:G3}, exact {exact:G5}");
            Assert.True(row.StandardError < 0.1 * exact, "the estimate must be precise enough to mean something");
        }
    }
}
