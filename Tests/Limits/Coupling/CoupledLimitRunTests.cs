using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Coupling;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Limits.Coupling;

/// <summary>
/// The particle system run with limit processes driven by hand-built PDE velocities through
/// <see cref="Simulator.RunCoupled"/>: the limit processes see the particles' initial points and Brownian increments,
/// their drift is -v exactly where v is known in closed form, and the coupling errors are tracked every step.
/// </summary>
public sealed class CoupledLimitRunTests(ITestOutputHelper output)
{
    private const int Steps = 40;
    private static readonly SimulationSpec Interacting = TestSpecs.Pairwise(2, 300, [[1.0, 2.0], [2.0, 1.0]], eta: 0.3, steps: Steps);
    private static readonly double[][] Shift = [[0.7, -0.4], [-1.5, 0.25]];

    [Fact]
    public void LimitProcessesShareTheNoiseAndMoveByMinusVelocityTimesTime()
    {
        // Process 1: v = 0, so it must be the initial points plus the sum of sqrt(2 sigma dt) Z_n, recomputed here from
        // the noise stream. Process 2: v_k constant, so it must be process 1 shifted by -v_k t.
        var simulator = Simulator.Create(Interacting);
        var seed = new RealisationSeed(21, 4);
        var grid = HandBuiltSolutions.Cube(2, 3.0, 0.1);
        var still = HandBuiltSolutions.Solution(grid, 2, simulator.Dt, Steps, (_, _, _, _) => 0.0, timeDependent: false);
        var drifting = HandBuiltSolutions.Solution(grid, 2, simulator.Dt, Steps, (k, a, _, _) => Shift[k][a], timeDependent: false);
        var recorder = new StateRecorder(s => s % 10 == 0);
        var run = simulator.RunCoupled(seed,
            [simulator.CreateDrift(), new GridVelocityDrift(still, simulator.Dt), new GridVelocityDrift(drifting, simulator.Dt)], recorder,
            cancellation: TestContext.Current.CancellationToken);
        Assert.Null(run.Failure);

        var brownian = simulator.InitialPositions(seed);
        var noise = new NoiseStream(seed.MasterSeed, seed.Index);
        var z = new ParticleVectors(2, simulator.Counts);
        double sigma = ((PairwiseModelSpec)Interacting.Model).Species[0].Sigma, scale = Math.Sqrt(2 * sigma * simulator.Dt);
        for (int n = 0; n <= Steps; n++)
        {
            if (n % 10 == 0)
            {
                Assert.Equal(0.0, recorder.At(n, 1).MaxAbsDifference(brownian));
                double t = n * simulator.Dt;
                for (int k = 0; k < 2; k++)
                for (int a = 0; a < 2; a++)
                for (int i = brownian.Offset(k); i < brownian.End(k); i++)
                    Assert.Equal(brownian.Axis[a][i] - Shift[k][a] * t, recorder.At(n, 2).Axis[a][i], 1e-12);
            }
            if (n == Steps) break;
            for (int k = 0; k < 2; k++)
                noise.FillGaussians(NoisePurpose.BrownianIncrement, (uint)n, k, 0, simulator.Counts[k], z.Of(k, 0), z.Of(k, 1), Span<double>.Empty);
            for (int a = 0; a < 2; a++)
            for (int i = 0; i < brownian.Total; i++)
                brownian.Axis[a][i] += scale * z.Axis[a][i];
        }
        Assert.NotEqual(0.0, run.FinalStates[0].MaxAbsDifference(run.FinalStates[1]));
        Assert.Equal(simulator.Run(seed).Checksum, StateChecksum.Compute(run.FinalStates[0]));
    }

    [Fact]
    public void TwoProcessesDrivenByTheSameFieldHaveNoCouplingError()
    {
        var simulator = Simulator.Create(Interacting);
        var solution = GaussianSolution(simulator);
        var measures = new CouplingMeasure[] { new(1, CouplingKind.SupMaxAbs), new(1, CouplingKind.SupMaxSquare), new(1, CouplingKind.SupSquareAveraged) };
        var tracker = new CouplingTracker(2, simulator.Counts, measures);
        var recorder = new CouplingRecorder(new StateRecorder(_ => false), tracker, [0, 20, 40], 2);
        simulator.RunCoupled(new RealisationSeed(3, 1), [new GridVelocityDrift(solution, simulator.Dt), new GridVelocityDrift(solution, simulator.Dt)],
            recorder, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal([0, 20, 40], recorder.Recorded.Select(r => r.Step));
        Assert.All(recorder.Recorded, r => Assert.All(r.Values, v => Assert.Equal(0.0, v)));
    }

    [Fact]
    public void CouplingErrorsGrowMonotonicallyAndPassTheParticleObserverItsSteps()
    {
        var simulator = Simulator.Create(Interacting);
        var measures = new CouplingMeasure[] { new(1, CouplingKind.SupMaxAbs), new(1, CouplingKind.SupMaxSquare), new(1, CouplingKind.SupSquareAveraged) };
        var tracker = new CouplingTracker(2, simulator.Counts, measures);
        var inner = new StateRecorder(s => s % 8 == 0);
        var recorder = new CouplingRecorder(inner, tracker, Enumerable.Range(0, Steps + 1).ToArray(), 2);
        var run = simulator.RunCoupled(new RealisationSeed(3, 1), [simulator.CreateDrift(), new GridVelocityDrift(GaussianSolution(simulator), simulator.Dt)],
            recorder, cancellation: TestContext.Current.CancellationToken);
        Assert.Null(run.Failure);

        Assert.Equal(Enumerable.Range(0, Steps / 8 + 1).SelectMany(i => new[] { (8 * i, 0), (8 * i, 1) }), inner.Seen);
        Assert.Equal(Steps + 1, recorder.Recorded.Count);
        Assert.All(recorder.Recorded[0].Values, v => Assert.Equal(0.0, v));
        for (int n = 1; n <= Steps; n++)
        for (int m = 0; m < measures.Length; m++)
            Assert.True(recorder.Recorded[n].Values[m] >= recorder.Recorded[n - 1].Values[m], $"measure {m} fell at step {n}");
        double[] last = recorder.Recorded[^1].Values;
        // At T the sup is at least the final gap; the sup of a max of squares is the square of the sup of the max.
        double finalGap = 0.0;
        var species = new double[2];
        for (int k = 0; k < 2; k++)
        for (int i = run.FinalStates[0].Offset(k); i < run.FinalStates[0].End(k); i++)
        {
            double dx = run.FinalStates[0].Axis[0][i] - run.FinalStates[1].Axis[0][i], dy = run.FinalStates[0].Axis[1][i] - run.FinalStates[1].Axis[1][i];
            species[k] = Math.Max(species[k], Math.Sqrt(dx * dx + dy * dy));
        }
        finalGap = species.Sum();
        Assert.True(last[0] >= finalGap && finalGap > 0, $"{last[0]} against the final gap {finalGap}");
        Assert.True(last[1] <= last[0] * last[0] && last[1] >= last[0] * last[0] / 2, $"{last[1]} against {last[0]}^2");
        Assert.True(last[2] > 0 && last[2] <= last[1]);
    }

    [Fact]
    public void CoupledRealisationsAreTheSameBitsOnAnyThreadCount()
    {
        // 2100 per species: enough for the noise, the particle drift and the limit drift to split over threads.
        var spec = TestSpecs.Pairwise(2, 2100, [[1.0, 2.0], [2.0, 1.0]], eta: 0.1, steps: 12);
        var simulator = Simulator.Create(spec);
        var solution = GaussianSolution(simulator, 0.025);
        var lattice = VelocityLattice.Prepare(solution, simulator.Dt);
        Assert.True(lattice.Factor > 1);
        (ulong[] Checksums, double[][] Values) Run(int threads)
        {
            var tracker = new CouplingTracker(2, simulator.Counts, [new(1, CouplingKind.SupMaxAbs), new(2, CouplingKind.SupSquareAveraged)]);
            var recorder = new CouplingRecorder(new StateRecorder(_ => false), tracker, [6, 12], 3);
            IDriftField[] drifts = [simulator.CreateDrift(threads), new GridVelocityDrift(lattice, simulator.Dt, threads),
                new GridVelocityDrift(solution, simulator.Dt, VelocityInterpolation.Linear)];
            var run = simulator.RunCoupled(new RealisationSeed(8, 3), drifts, recorder, threads, TestContext.Current.CancellationToken);
            Assert.Null(run.Failure);
            return (run.FinalStates.Select(StateChecksum.Compute).ToArray(), recorder.Recorded.Select(r => r.Values).ToArray());
        }
        var one = Run(1);
        var four = Run(4);
        // Printed so a run under DOTNET_EnableAVX2=0 or DOTNET_EnableHWIntrinsic=0 can be compared by hand.
        output.WriteLine($"checksums {string.Join(" ", one.Checksums.Select(c => c.ToString("x16")))}; " +
            $"values {string.Join(" ", one.Values.SelectMany(v => v).Select(v => v.ToString("R")))}");
        Assert.Equal(one.Checksums, four.Checksums);
        Assert.Equal(one.Values, four.Values);
        Assert.Equal(3, one.Checksums.Distinct().Count());
    }

    /// <summary>v = a grad u, u the heat solution N(mean_k, (0.25 + 2 sigma t) I): smooth, time-dependent, and not the particles' drift.</summary>
    private static LimitSolution GaussianSolution(Simulator simulator, double h = 0.05) =>
        HandBuiltSolutions.Solution(HandBuiltSolutions.Cube(2, 3.0, h), 2, simulator.Dt, simulator.Steps,
            (k, a, t, x) => HandBuiltSolutions.GaussianGradient(1.5, [k - 0.5, 0.0], 0.25 + 2 * 0.5 * t, a, x));

    /// <summary>Copies of the states at the steps it wants, and the (step, process) pairs it saw.</summary>
    private sealed class StateRecorder(Func<int, bool> wants) : IStepObserver
    {
        private readonly Dictionary<(int, int), ParticleVectors> _states = [];

        public List<(int Step, int Process)> Seen { get; } = [];

        public ParticleVectors At(int step, int process) => _states[(step, process)];

        public bool Wants(int step) => wants(step);

        public void Observe(int step, double time, int process, ParticleVectors positions)
        {
            Seen.Add((step, process));
            _states[(step, process)] = positions.Clone();
        }
    }
}
