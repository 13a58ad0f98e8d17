using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Engine;

/// <summary>
/// With sigma = 0, a symmetric a and equal N, the forces of (2) are antisymmetric in each pair, so
/// the centre of mass of all particles does not move. Sigma = 0 is outside what a spec accepts
/// (the SDE needs noise), so the engine is driven directly.
/// </summary>
public sealed class CentreOfMassTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CentreOfMassIsConservedWithoutNoise(int dimension)
    {
        var spec = TestSpecs.Pairwise(dimension, 800, [[1.0, 2.0], [2.0, -0.5]], eta: 0.3, steps: 100);
        var simulator = Simulator.Create(spec);
        var state = simulator.InitialPositions(new RealisationSeed(9, 0));
        double[] before = CentreOfMass(state);
        var integrator = new EulerMaruyama(dimension, simulator.Counts, spec.Time.Dt, [0.0, 0.0], processes: 1);
        var moved = new MotionProbe();
        var failure = integrator.Run([simulator.CreateDrift()], [state], new NoiseStream(9, 0), 100, moved, TestContext.Current.CancellationToken);
        Assert.Null(failure);
        double[] after = CentreOfMass(state);
        for (int a = 0; a < dimension; a++)
            Assert.True(Math.Abs(after[a] - before[a]) <= 1e-12, $"axis {a}: {before[a]:R} -> {after[a]:R}");
        Assert.True(moved.Displacement(state) > 1e-3, "particles must actually move, or conservation is vacuous");
    }

    private static double[] CentreOfMass(ParticleVectors state) =>
        Enumerable.Range(0, state.Dimension).Select(a => state.Axis[a].AsSpan(0, state.Total).ToArray().Average()).ToArray();

    private sealed class MotionProbe : IStepObserver
    {
        private ParticleVectors? _initial;

        public bool Wants(int step) => step == 0;

        public void Observe(int step, double time, int process, ParticleVectors positions) => _initial = positions.Clone();

        public double Displacement(ParticleVectors now) =>
            now.MaxAbsDifference(_initial ?? throw new InvalidOperationException("step 0 was not observed"));
    }
}
