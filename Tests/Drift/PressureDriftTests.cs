using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Drift;

/// <summary>
/// For m = 2 the drift of (1.6) has an exact pairwise form through W^eps = V^eps * V^eps; the grid
/// quadrature must converge to it as h = eps / resolution shrinks.
/// </summary>
public sealed class PressureDriftTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, KernelShape.SmoothBump)]
    [InlineData(1, KernelShape.PolynomialBump)]
    [InlineData(2, KernelShape.SmoothBump)]
    [InlineData(3, KernelShape.SmoothBump)]
    public void GridDriftConvergesToTheExactPairwiseDriftForMEqualsTwo(int dimension, KernelShape mollifier)
    {
        int particles = dimension switch { 1 => 400, 2 => 300, _ => 150 };
        double eps = dimension == 1 ? 0.1 : 0.25;
        var model = TestSpecs.Pressure(dimension, particles, 2.0, eps: eps, mollifier: mollifier);
        var simulator = Simulator.Create(TestSpecs.Wrap(model));
        var positions = simulator.InitialPositions(new RealisationSeed(17, 2));
        var exact = new ParticleVectors(dimension, simulator.Counts);
        new PressurePairwiseDrift(model).Evaluate(positions, 0, exact);
        double scale = exact.MaxAbs();
        Assert.True(scale > 0);

        int[] resolutions = dimension switch { 1 => [2, 4, 8, 16, 32, 64], 2 => [2, 4, 8, 16], _ => [2, 4, 8] };
        var errors = new List<double>();
        foreach (int resolution in resolutions)
        {
            var grid = new ParticleVectors(dimension, simulator.Counts);
            new PressureGridDrift(model, resolution).Evaluate(positions, 0, grid);
            errors.Add(grid.MaxAbsDifference(exact) / scale);
        }
        for (int i = 0; i < errors.Count; i++)
        {
            string rate = i == 0 ? "" : $", observed order {Math.Log2(errors[i - 1] / errors[i]):F2}";
            output.WriteLine($"d={dimension} {mollifier} h=eps/{resolutions[i]}: relative max error {errors[i]:E3}{rate}");
        }
        for (int i = 1; i < errors.Count; i++)
            Assert.True(errors[i] < errors[i - 1], $"error must shrink under refinement: {string.Join(", ", errors)}");
        // Below these, the grid resolves the mollifier; the smooth bump then converges faster than any power.
        double finest = dimension switch { 1 => 1e-5, 2 => 1e-3, _ => 1e-2 };
        Assert.True(errors[^1] < finest, $"finest grid error {errors[^1]:E3} should be below {finest:E0}");
    }

    [Fact]
    public void GridDriftForMEqualsThreeConvergesUnderRefinement()
    {
        var model = TestSpecs.Pressure(1, 500, 3.0);
        var simulator = Simulator.Create(TestSpecs.Wrap(model));
        var positions = simulator.InitialPositions(new RealisationSeed(3, 9));
        var reference = new ParticleVectors(1, simulator.Counts);
        new PressureGridDrift(model, 128).Evaluate(positions, 0, reference);
        double previous = double.PositiveInfinity;
        foreach (int resolution in new[] { 4, 8, 16, 32, 64 })
        {
            var grid = new ParticleVectors(1, simulator.Counts);
            new PressureGridDrift(model, resolution).Evaluate(positions, 0, grid);
            double error = grid.MaxAbsDifference(reference) / reference.MaxAbs();
            output.WriteLine($"m=3 h=eps/{resolution}: relative difference to h=eps/128 {error:E3}");
            Assert.True(error < previous, "error must shrink under refinement");
            previous = error;
        }
        Assert.True(previous < 1e-5, $"h = eps/64 differs from h = eps/128 by {previous:E3}");
    }

    [Fact]
    public void GridDriftIsTheSameToTheBitOnOneAndManyThreads()
    {
        var model = TestSpecs.Pressure(2, 1200, 2.5, eps: 0.2);
        var simulator = Simulator.Create(TestSpecs.Wrap(model));
        var positions = simulator.InitialPositions(new RealisationSeed(8, 8));
        var one = new ParticleVectors(2, simulator.Counts);
        var many = new ParticleVectors(2, simulator.Counts);
        new PressureGridDrift(model, 4, threads: 1).Evaluate(positions, 0, one);
        new PressureGridDrift(model, 4, threads: 4).Evaluate(positions, 0, many);
        for (int a = 0; a < 2; a++) Assert.Equal(one.Axis[a], many.Axis[a]);
    }

    [Fact]
    public void PressureDriftPushesMassDownTheDensityGradient()
    {
        // A single Gaussian blob: the pressure is highest at the centre, so particles on the right
        // must be pushed right and particles on the left pushed left.
        var model = TestSpecs.Pressure(1, 500, 3.0);
        var simulator = Simulator.Create(TestSpecs.Wrap(model));
        var positions = simulator.InitialPositions(new RealisationSeed(1, 1));
        var drift = new ParticleVectors(1, simulator.Counts);
        new PressureGridDrift(model, 8).Evaluate(positions, 0, drift);
        double centre = positions.Axis[0].AsSpan(0, positions.Total).ToArray().Average();
        int outward = 0, far = 0;
        for (int i = 0; i < positions.Total; i++)
        {
            double offset = positions.Axis[0][i] - centre;
            if (Math.Abs(offset) < 0.3) continue;
            far++;
            if (Math.Sign(drift.Axis[0][i]) == Math.Sign(offset)) outward++;
        }
        Assert.True(far > 50);
        Assert.True(outward >= 0.95 * far, $"{outward} of {far} particles away from the centre are pushed outward");
    }
}
