using Ensemble.Simulation.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Xunit;

namespace Ensemble.Tests.Statistics;

/// <summary>
/// The estimates against direct computations over the same realisations: MathNet's running
/// statistics for the scalars, two-pass formulas for the pair covariance and the fluctuations; and,
/// for independent particles, against the exact values propagation of chaos predicts.
/// </summary>
public sealed class EnsembleEstimateTests
{
    private const int Realisations = 40;

    [Fact]
    public void ScalarRowsAgreeWithRunningStatisticsOverTheSameValues()
    {
        var spec = EnsembleSamples.Interacting();
        var results = EnsembleSamples.Run(spec, Realisations, seed: 2024);
        var accumulator = EnsembleAccumulatorTests.Fold(spec, results);
        var columns = results.Select(accumulator.Flatten).ToArray();
        var scalars = ScalarRows(accumulator.Estimates());
        Assert.Equal(accumulator.Width, scalars.Length);
        double t = StudentT.InvCDF(0.0, 1.0, Realisations - 1, 0.975);

        for (int j = 0; j < scalars.Length; j++)
        {
            var row = scalars[j];
            var values = columns.Select(c => c[j]).ToArray();
            var running = new RunningStatistics(values);
            double se = running.StandardDeviation / Math.Sqrt(Realisations);
            // Means of positions: 1e-12. Other scalars (central moments, bins): 1e-10, for the raw-sum
            // variance loses a factor mean^2 / variance of precision (see SampleMoments).
            double tolerance = row.Observable == "mean" ? 1e-12 : 1e-10;
            string what = $"{row.Observable} {row.Component} of {row.Species} at {row.Time}";
            AssertClose(running.Mean, row.Mean, tolerance, what + " mean");
            AssertClose(se, row.StandardError, tolerance, what + " se");
            AssertClose(row.Mean - t * row.StandardError, row.CiLow, 1e-15, what + " ci_low");
            AssertClose(row.Mean + t * row.StandardError, row.CiHigh, 1e-15, what + " ci_high");
            Assert.Equal(values.Min(), row.Min);
            Assert.Equal(values.Max(), row.Max);
            Assert.Equal(Realisations, row.Count);
        }
        Assert.Contains(scalars, r => r.Observable == "mean" && r.StandardError > 0);
    }

    [Fact]
    public void PairCovarianceAndFluctuationsAgreeWithTwoPassComputation()
    {
        var spec = EnsembleSamples.Interacting();
        var results = EnsembleSamples.Run(spec, Realisations, seed: 99);
        var rows = EnsembleAccumulatorTests.Fold(spec, results).Estimates();
        double t = StudentT.InvCDF(0.0, 1.0, Realisations - 1, 0.975);
        var species = spec.Model.AllSpecies();

        for (int time = 0; time < results[0].Snapshots.Count; time++)
        for (int k = 0; k < species.Count; k++)
        {
            double when = results[0].Snapshots[time].Time;
            for (int a = 0; a < 2; a++)
            {
                var x0 = results.Select(r => r.Snapshots[time].Species[k].TaggedPositions[0][a]).ToArray();
                var x1 = results.Select(r => r.Snapshots[time].Species[k].TaggedPositions[1][a]).ToArray();
                var (covariance, se) = TwoPassCovariance(x0, x1);
                var row = rows.Single(r => r.Observable == "tagged_covariance" && r.Species == species[k].Name && r.Time == when
                    && r.Component == "xy"[a..(a + 1)]);
                AssertDerived(row, covariance, se, t, $"tagged covariance of {row.Species} at {when}, axis {a}");
            }
            for (int q = 0; q < 3; q++)
            {
                var averages = results.Select(r => r.Snapshots[time].Species[k].TestFunctionAverages[q]).ToArray();
                var (variance, se) = TwoPassVariance(averages);
                int n = species[k].Particles;
                var row = rows.Single(r => r.Observable == "test_function_fluctuation" && r.Species == species[k].Name && r.Time == when
                    && r.Component == $"q{q}");
                AssertDerived(row, n * variance, n * se, t, $"fluctuation of q{q} of {row.Species} at {when}");
            }
        }
    }

    [Fact]
    public void IndependentParticlesHaveUncorrelatedPairsAndFluctuationsOfOneParticle()
    {
        // a = 0: particles are i.i.d. with X_t ~ N(m_k, v I), v = 0.25 + 2 sigma t. The tagged pair's
        // covariance is 0, and N Var(<mu_N, phi>) = Var(phi(X)) exactly, for every N.
        const int realisations = 400, particles = 16;
        const double sigma = 0.5;
        var spec = EnsembleSamples.Free(particles);
        var rows = EnsembleAccumulatorTests.Fold(spec, EnsembleSamples.Run(spec, realisations, seed: 4242)).Estimates();

        foreach (var row in rows.Where(r => r.Observable == "tagged_covariance"))
            AssertWithin(row, 0.0);
        foreach (var row in rows.Where(r => r.Observable == "test_function_fluctuation"))
        {
            double v = 0.25 + 2 * sigma * row.Time;
            double mx = row.Species == "s0" ? -0.5 : 0.5;
            AssertWithin(row, row.Component switch
            {
                // phi = cos(k . x), sin(k . x) with k = (2, 1): k . X ~ N(mu, s2).
                "q0" => CosineVariance(2 * mx, 5 * v),
                "q1" => SineVariance(2 * mx, 5 * v),
                _ => GaussianBumpVariance(mx, v, width: 0.5),
            });
        }
    }

    private static EstimateRow[] ScalarRows(IReadOnlyList<EstimateRow> rows) =>
        rows.Where(r => r.Observable is not ("tagged_covariance" or "test_function_fluctuation")).ToArray();

    /// <summary>Sample covariance (divisor R - 1) and sd(Y) / sqrt(R) of the centred products Y.</summary>
    private static (double Covariance, double StandardError) TwoPassCovariance(double[] x0, double[] x1)
    {
        int r = x0.Length;
        double m0 = x0.Average(), m1 = x1.Average();
        var y = x0.Zip(x1, (a, b) => (a - m0) * (b - m1)).ToArray();
        double meanY = y.Average();
        double varianceY = y.Sum(v => (v - meanY) * (v - meanY)) / (r - 1);
        return (y.Sum() / (r - 1), Math.Sqrt(varianceY / r));
    }

    /// <summary>Sample variance s^2 and se(s^2) = sqrt((m4 - s^4 (R - 3)/(R - 1)) / R), m4 with divisor R.</summary>
    private static (double Variance, double StandardError) TwoPassVariance(double[] x)
    {
        int r = x.Length;
        double m = x.Average();
        double s2 = x.Sum(v => (v - m) * (v - m)) / (r - 1);
        double m4 = x.Sum(v => Math.Pow(v - m, 4)) / r;
        return (s2, Math.Sqrt((m4 - s2 * s2 * (r - 3.0) / (r - 1.0)) / r));
    }

    private static void AssertDerived(EstimateRow row, double estimate, double se, double t, string what)
    {
        AssertClose(estimate, row.Mean, 1e-10, what + " estimate");
        AssertClose(se, row.StandardError, 1e-10, what + " se");
        AssertClose(row.Mean - t * row.StandardError, row.CiLow, 1e-15, what + " ci_low");
        AssertClose(row.Mean + t * row.StandardError, row.CiHigh, 1e-15, what + " ci_high");
        Assert.True(double.IsNaN(row.Min) && double.IsNaN(row.Max), what + ": a derived row has no range");
        Assert.Equal(Realisations, row.Count);
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(Math.Abs(expected), Math.Abs(actual)),
            $"{what}: expected {expected:R}, found {actual:R}");

    private static void AssertWithin(EstimateRow row, double exact) =>
        Assert.True(Math.Abs(row.Mean - exact) <= 4 * row.StandardError,
            $"{row.Observable} {row.Component} of {row.Species} at {row.Time}: {row.Mean:G6} vs exact {exact:G6}, 4 SE = {4 * row.StandardError:G3}");

    // For Z ~ N(mu, s2): E cos Z = cos(mu) e^(-s2/2), E cos^2 Z = (1 + cos(2 mu) e^(-2 s2)) / 2.
    private static double CosineVariance(double mu, double s2) =>
        (1 + Math.Cos(2 * mu) * Math.Exp(-2 * s2)) / 2 - Math.Pow(Math.Cos(mu) * Math.Exp(-s2 / 2), 2);

    private static double SineVariance(double mu, double s2) =>
        (1 - Math.Cos(2 * mu) * Math.Exp(-2 * s2)) / 2 - Math.Pow(Math.Sin(mu) * Math.Exp(-s2 / 2), 2);

    /// <summary>
    /// phi(x) = exp(-|x|^2 / (2 w^2)) for X ~ N((mx, 0), v I) in 2D: per axis with mean m,
    /// E exp(-x^2 / (2 w^2)) = sqrt(w^2 / (w^2 + v)) exp(-m^2 / (2 (w^2 + v))); phi^2 has w^2 / 2.
    /// </summary>
    private static double GaussianBumpVariance(double mx, double v, double width)
    {
        static double Expectation(double mx, double v, double w2) =>
            w2 / (w2 + v) * Math.Exp(-mx * mx / (2 * (w2 + v)));   // the y-axis factor (mean 0) times the x-axis one
        double w2 = width * width;
        double first = Expectation(mx, v, w2), second = Expectation(mx, v, w2 / 2);
        return second - first * first;
    }
}
