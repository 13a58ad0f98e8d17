using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Engine;

/// <summary>Coupled processes share initial points and Brownian increments (synchronous coupling).</summary>
public sealed class CoupledRunTests
{
    private static readonly SimulationSpec Interacting = TestSpecs.Pairwise(2, 400, [[1.0, 2.0], [2.0, 1.0]], eta: 0.3, steps: 30);

    [Fact]
    public void ProcessesWithTheSameDriftStayIdenticalAndEqualASingleRun()
    {
        var simulator = Simulator.Create(Interacting);
        var seed = new RealisationSeed(5, 2);
        var coupled = simulator.RunCoupled(seed, [simulator.CreateDrift(), simulator.CreateDrift()], new Silent(),
            cancellation: TestContext.Current.CancellationToken);
        Assert.Null(coupled.Failure);
        ulong single = simulator.Run(seed).Checksum;
        Assert.Equal(single, StateChecksum.Compute(coupled.FinalStates[0]));
        Assert.Equal(single, StateChecksum.Compute(coupled.FinalStates[1]));
    }

    [Fact]
    public void EachCoupledProcessIsTheSingleRunOfItsOwnModelWithTheSameSeed()
    {
        // Process 0 interacts, process 1 is free Brownian motion. Each must be bit-identical to the
        // single run of its own model with the same seed: same initial points, same increments.
        var simulator = Simulator.Create(Interacting);
        var free = Interacting with { Model = (PairwiseModelSpec)Interacting.Model with { Interaction = TestSpecs.Matrix(2, 0.0) } };
        var seed = new RealisationSeed(5, 2);
        var coupled = simulator.RunCoupled(seed, [simulator.CreateDrift(), Simulator.Create(free).CreateDrift()], new Silent(),
            cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(simulator.Run(seed).Checksum, StateChecksum.Compute(coupled.FinalStates[0]));
        Assert.Equal(Simulator.Create(free).Run(seed).Checksum, StateChecksum.Compute(coupled.FinalStates[1]));
        Assert.NotEqual(StateChecksum.Compute(coupled.FinalStates[0]), StateChecksum.Compute(coupled.FinalStates[1]));
    }

    private sealed class Silent : IStepObserver
    {
        public bool Wants(int step) => false;
        public void Observe(int step, double time, int process, ParticleVectors positions) { }
    }
}
