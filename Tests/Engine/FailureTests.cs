using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Engine;

public sealed class FailureTests
{
    [Fact]
    public void OverflowingDriftIsReportedWithStepAndSpeciesAndNoObservables()
    {
        // a_22 = 1e308 overflows the coefficient of species 1's self-interaction: its drift is not finite.
        var spec = TestSpecs.Pairwise(2, 200, [[0.0, 0.0], [0.0, 1e308]], eta: 0.5,
            observables: new ObservablesSpec { Histogram = new HistogramSpec { Lower = [-1, -1], Upper = [1, 1], Bins = [4, 4] } });
        var result = Simulator.Create(spec).Run(new RealisationSeed(3, 1));
        Assert.False(result.Succeeded);
        Assert.Empty(result.Snapshots);
        var failure = result.Failure!;
        Assert.Equal(1, failure.Step);
        Assert.Equal(1, failure.Species);
        Assert.InRange(failure.Particle, 0, 199);
        Assert.Contains("non-finite", failure.Reason);
        Assert.Contains("step 1", failure.Reason);
        Assert.Contains("species 1", failure.Reason);
    }

    [Fact]
    public void ACancelledRunStopsBetweenSteps()
    {
        var simulator = Simulator.Create(TestSpecs.Pairwise(2, 300, [[1.0]], steps: 1000));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            simulator.Run(new RealisationSeed(1, 1), new RunOptions { Cancellation = cancelled.Token }));
    }

    [Fact]
    public void SameBlowUpFailsTheSameWayEveryTime()
    {
        var spec = TestSpecs.Pairwise(1, 100, [[1e308]], eta: 1.0);
        var simulator = Simulator.Create(spec);
        Assert.Equal(simulator.Run(new RealisationSeed(4, 4)).Failure, simulator.Run(new RealisationSeed(4, 4)).Failure);
    }

    [Fact]
    public void APressureGridThatWouldExhaustMemoryFailsTheRealisationWithItsReason()
    {
        // Two particles 1e9 apart need a grid of ~1e11 nodes at h = eps / 8.
        var model = TestSpecs.Pressure(1, 1, 3.0) with
        {
            Species =
            [
                new PressureSpeciesSpec { Particles = 1, Weight = 1, Mobility = 1, Initial = TestSpecs.Gaussian([-1e9], 1.0) },
                new PressureSpeciesSpec { Particles = 1, Weight = 1, Mobility = 1, Initial = TestSpecs.Gaussian([1e9], 1.0) },
            ],
        };
        var result = Simulator.Create(TestSpecs.Wrap(model)).Run(new RealisationSeed(1, 1));
        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Failure!.Step);
        Assert.Contains("pressure grid", result.Failure.Reason);
    }
}
