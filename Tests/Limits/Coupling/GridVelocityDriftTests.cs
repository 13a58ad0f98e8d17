using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Coupling;
using Xunit;

namespace Ensemble.Tests.Limits.Coupling;

/// <summary>
/// The limit process's drift -v_k(x, t_n) read from cell-centre velocities: its interpolation error, measured
/// against analytic fields on grids like the solvers' defaults, must fall at the interpolation's order and be far below
/// the coupling errors (~1e-2) the drift is used to measure; frames, species, sign and clamping as documented.
/// </summary>
public sealed class GridVelocityDriftTests(ITestOutputHelper output)
{
    private const double Dt = 1e-3;

    /// <summary>
    /// W1-like (model A, d = 2): v = a grad u for u = N((-0.5, 0), 0.25 I), a = 3 (a row sum of W1's matrix), on
    /// [-3, 3]^2. W2-like (model B, d = 1): v = grad P, P = (rho_1 + rho_2)^2 (m = 3), rho = N(-+0.5, 0.09), on [-3, 3].
    /// The error is measured at 4000 points, half drawn from the density (where the particles are), half uniform
    /// over the lattice, relative to the field's largest value; the order is log2 of the ratio per halving of h.
    /// </summary>
    [Theory]
    [InlineData("W1", VelocityInterpolation.Cubic, 4.0, 1e-4)]
    [InlineData("W1", VelocityInterpolation.Linear, 2.0, 1e-2)]
    [InlineData("W2", VelocityInterpolation.Cubic, 4.0, 1e-4)]
    [InlineData("W2", VelocityInterpolation.Linear, 2.0, 1e-3)]
    public void InterpolationErrorFallsAtItsOrderAndIsSmallAtTheDefaultSpacing(string workload, VelocityInterpolation order, double expected,
        double bound)
    {
        bool w1 = workload == "W1";
        int d = w1 ? 2 : 1;
        double[] spacings = w1 ? [0.1, 0.05, 0.025] : [0.02, 0.01, 0.005];
        double defaultSpacing = w1 ? 0.05 : 0.01;
        AnalyticVelocity field = w1 ? W1Velocity : W2Velocity;
        var points = SamplePoints(d, 4000, w1 ? [-0.5, 0.0] : [-0.5], w1 ? 0.5 : 0.3, seed: 11);
        var exact = new double[points.Total];
        double scale = 0.0;
        Span<double> x = stackalloc double[d];
        for (int i = 0; i < points.Total; i++)
        {
            for (int a = 0; a < d; a++) x[a] = points.Axis[a][i];
            exact[i] = field(0, 0, 0.0, x);
            scale = Math.Max(scale, Math.Abs(exact[i]));
        }

        var max = new List<double>();
        foreach (double h in spacings)
        {
            var grid = HandBuiltSolutions.Cube(d, 3.0, h);
            var drift = new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 1, Dt, 1, field), Dt, order);
            var result = new ParticleVectors(d, points.Counts);
            drift.Evaluate(points, 0.0, result);
            double worst = 0.0, squares = 0.0;
            for (int i = 0; i < points.Total; i++)
            {
                double error = Math.Abs(-result.Axis[0][i] - exact[i]);
                worst = Math.Max(worst, error);
                squares += error * error;
            }
            double rms = Math.Sqrt(squares / points.Total);
            string rate = max.Count == 0 ? "" : $", order {Math.Log2(max[^1] / worst):F2}";
            output.WriteLine($"{workload} {order} h={h}: max |error| {worst:E3} ({worst / scale:E3} of max |v| = {scale:F3}), rms {rms:E3}{rate}");
            max.Add(worst);
        }
        for (int i = 1; i < max.Count; i++)
        {
            double observed = Math.Log2(max[i - 1] / max[i]);
            Assert.InRange(observed, expected - 0.4, expected + 0.6);
        }
        double atDefault = max[Array.IndexOf(spacings, defaultSpacing)] / scale;
        Assert.True(atDefault < bound, $"relative error {atDefault:E3} at h = {defaultSpacing} should be below {bound:E0}");
    }

    [Theory]
    [InlineData(1, VelocityInterpolation.Cubic)]
    [InlineData(2, VelocityInterpolation.Cubic)]
    [InlineData(3, VelocityInterpolation.Cubic)]
    [InlineData(1, VelocityInterpolation.Linear)]
    [InlineData(2, VelocityInterpolation.Linear)]
    [InlineData(3, VelocityInterpolation.Linear)]
    public void InterpolationIsExactForPolynomialsOfItsDegreeAlongEachAxis(int d, VelocityInterpolation order)
    {
        // Cubic Lagrange reproduces any product of cubics (and linear any multilinear field), including on the
        // one-sided stencils of the boundary intervals: a wrong weight, stride or stencil start breaks this at once.
        bool cubic = order == VelocityInterpolation.Cubic;
        double Along(double t, int a) => cubic ? 0.5 + t * (0.3 - a * 0.1 + t * (-0.7 + 0.2 * t)) : 0.5 + (0.3 - 0.1 * a) * t;
        AnalyticVelocity field = (k, axis, _, x) =>
        {
            double value = 1.0 + axis + k;
            for (int a = 0; a < x.Length; a++) value *= Along(x[a] + 0.1 * axis, a);
            return value;
        };
        var grid = new UniformGrid(Enumerable.Range(0, d).Select(a => -1.0 - 0.3 * a).ToArray(), Enumerable.Range(0, d).Select(a => 7 + a).ToArray(),
            0.25);
        var drift = new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 2, Dt, 1, field), Dt, order);
        var random = new System.Random(5);
        var points = new ParticleVectors(d, [300, 200]);
        for (int a = 0; a < d; a++)
        for (int i = 0; i < points.Total; i++)
            points.Axis[a][i] = grid.Centre(a, 0) + random.NextDouble() * (grid.Centre(a, grid.Cells[a] - 1) - grid.Centre(a, 0));
        var result = new ParticleVectors(d, points.Counts);
        drift.Evaluate(points, 0.0, result);

        Span<double> x = stackalloc double[d];
        for (int k = 0; k < 2; k++)
        for (int i = points.Offset(k); i < points.End(k); i++)
        {
            for (int a = 0; a < d; a++) x[a] = points.Axis[a][i];
            for (int a = 0; a < d; a++)
            {
                double expected = -field(k, a, 0.0, x);
                Assert.True(Math.Abs(result.Axis[a][i] - expected) <= 1e-12 * (1 + Math.Abs(expected)),
                    $"species {k} particle {i} axis {a}: {result.Axis[a][i]:G17} against {expected:G17}");
            }
        }
    }

    [Fact]
    public void PositionsOutsideTheLatticeSeeTheVelocityAtItsNearestPoint()
    {
        var grid = HandBuiltSolutions.Cube(2, 1.0, 0.1);
        var drift = new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 1, Dt, 1, (_, a, _, x) => Math.Sin(3 * x[0] + a) * Math.Cos(2 * x[1])), Dt);
        double edge = 0.95;
        // Beyond the outermost centre (in the wall's half cell), beyond the box, far away: clamped per axis.
        double[][] outside = [[0.97, 0.2], [4.0, 0.2], [-1e6, 0.3], [0.5, -1.5], [2.0, 3.0], [-0.99, -0.99]];
        double[][] nearest = [[edge, 0.2], [edge, 0.2], [-edge, 0.3], [0.5, -edge], [edge, edge], [-edge, -edge]];
        var a = Points(outside);
        var b = Points(nearest);
        var at = new ParticleVectors(2, [outside.Length]);
        var expected = new ParticleVectors(2, [outside.Length]);
        drift.Evaluate(a, 0.0, at);
        drift.Evaluate(b, 0.0, expected);
        // The same stencil and weights up to the rounding of the centre's coordinate.
        Assert.True(at.MaxAbsDifference(expected) < 1e-13, $"{at.MaxAbsDifference(expected):E3}");
        Assert.True(expected.MaxAbs() > 0.1);
    }

    [Fact]
    public void TheStepTimeSelectsItsFrameAndEachSpeciesItsOwnVelocity()
    {
        const int steps = 500;
        var grid = HandBuiltSolutions.Cube(1, 1.0, 0.1);
        // v_k(t_n) = (k + 1)(n + 1), constant in space: the drift is its negative (to rounding: the weights sum to 1 to an ulp).
        var frames = Enumerable.Range(0, steps)
            .Select(n => HandBuiltSolutions.Frame(grid, 2, n * Dt, (k, _, _, _) => (k + 1) * (n + 1.0)))
            .ToArray();
        var drift = new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 2, frames), Dt);
        var points = Points([[0.3], [-0.2], [5.0]], [2, 1]);
        var result = new ParticleVectors(1, points.Counts);
        for (int n = 0; n < steps; n++)
        {
            drift.Evaluate(points, n * Dt, result);
            double[] expected = [-(n + 1.0), -(n + 1.0), -2.0 * (n + 1.0)];
            for (int i = 0; i < 3; i++) Assert.Equal(expected[i], result.Axis[0][i], 1e-12 * Math.Abs(expected[i]));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => drift.Evaluate(points, steps * Dt, result));
        Assert.Throws<ArgumentOutOfRangeException>(() => drift.Evaluate(points, -Dt, result));
        Assert.Throws<ArgumentException>(() => drift.Evaluate(Points([[0.0]]), 0.0, new ParticleVectors(1, [1])));
    }

    [Fact]
    public void SolutionsThatCannotDriveAProcessAreRefusedWithTheReason()
    {
        var grid = HandBuiltSolutions.Cube(2, 1.0, 0.5);
        AnalyticVelocity zero = (_, _, _, _) => 0.0;
        var good = HandBuiltSolutions.Solution(grid, 2, Dt, 3, zero);
        var noVelocities = new LimitSolution(good.Equation, grid, good.Snapshots, null, good.Diagnostics);
        Assert.Contains("kept no velocities", Assert.Throws<ArgumentException>(() => new GridVelocityDrift(noVelocities, Dt)).Message);
        Assert.Contains("expected t_1", Assert.Throws<ArgumentException>(() => new GridVelocityDrift(good, 2 * Dt)).Message);
        var shortFrame = new VelocityFrame(0.0, [[new double[grid.CellCount], new double[3]], good.Velocities![0].Velocity[1]]);
        Assert.Contains("3 values", Assert.Throws<ArgumentException>(
            () => new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 2, [shortFrame]), Dt)).Message);
        var coarse = HandBuiltSolutions.Cube(1, 1.0, 0.7);
        Assert.Contains("at least 4 cells", Assert.Throws<ArgumentException>(
            () => new GridVelocityDrift(HandBuiltSolutions.Solution(coarse, 1, Dt, 1, zero), Dt)).Message);
        _ = new GridVelocityDrift(HandBuiltSolutions.Solution(coarse, 1, Dt, 1, zero), Dt, VelocityInterpolation.Linear);
    }

    [Fact]
    public void EvaluatingAllocatesNothing()
    {
        var grid = HandBuiltSolutions.Cube(2, 3.0, 0.05);
        var drift = new GridVelocityDrift(HandBuiltSolutions.Solution(grid, 1, Dt, 4, W1Velocity, timeDependent: false), Dt);
        var points = SamplePoints(2, 2000, [0.0, 0.0], 0.5, seed: 3);
        var result = new ParticleVectors(2, points.Counts);
        drift.Evaluate(points, 0.0, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 4; n++) drift.Evaluate(points, n * Dt, result);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static double W1Velocity(int species, int axis, double time, ReadOnlySpan<double> x) =>
        HandBuiltSolutions.GaussianGradient(3.0, [-0.5, 0.0], 0.25, axis, x);

    private static double W2Velocity(int species, int axis, double time, ReadOnlySpan<double> x)
    {
        // v = grad (rho_1 + rho_2)^2 = 2 u grad u, u = rho_1 + rho_2.
        double u = 0.0, du = 0.0;
        foreach (double mean in new[] { -0.5, 0.5 })
        {
            double rho = Math.Exp(-(x[0] - mean) * (x[0] - mean) / 0.18) / Math.Sqrt(2 * Math.PI * 0.09);
            u += rho;
            du += -rho * (x[0] - mean) / 0.09;
        }
        return 2 * u * du;
    }

    /// <summary>Half the points from N(mean, s^2 I), half uniform over [-2.9, 2.9]^d (inside every lattice used here).</summary>
    private static ParticleVectors SamplePoints(int d, int count, double[] mean, double s, int seed)
    {
        var random = new System.Random(seed);
        var points = new ParticleVectors(d, [count]);
        for (int i = 0; i < count; i++)
        for (int a = 0; a < d; a++)
        {
            double value = i % 2 == 0
                ? mean[a] + s * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())
                : -2.9 + 5.8 * random.NextDouble();
            points.Axis[a][i] = Math.Clamp(value, -2.9, 2.9);
        }
        return points;
    }

    private static ParticleVectors Points(double[][] coordinates, int[]? counts = null)
    {
        var points = new ParticleVectors(coordinates[0].Length, counts ?? [coordinates.Length]);
        for (int i = 0; i < coordinates.Length; i++)
        for (int a = 0; a < coordinates[i].Length; a++)
            points.Axis[a][i] = coordinates[i][a];
        return points;
    }
}
