using System.Globalization;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Observables;

public sealed class ObservableTests
{
    private static readonly ObservablesSpec Everything = new()
    {
        Histogram = new HistogramSpec { Lower = [-1.0, -1.0], Upper = [1.0, 1.5], Bins = [8, 5] },
        TaggedParticles = [3, 7],
        TestFunctions =
        [
            new CosineMode { Wavevector = [2.0, -1.0] },
            new SineMode { Wavevector = [0.5, 3.0] },
            new GaussianBump { Centre = [0.1, 0.2], Width = 0.4 },
        ],
    };

    private static readonly SimulationSpec Spec = TestSpecs.Pairwise(2, 300, [[1.0, 0.5], [0.5, 1.0]], steps: 20, observables: Everything);

    [Fact]
    public void ObservablesAgreeWithDirectComputationOnTheFinalState()
    {
        var simulator = Simulator.Create(Spec);
        var seed = new RealisationSeed(12, 5);
        var result = simulator.Run(seed);
        var final = simulator.RunCoupled(seed, [simulator.CreateDrift()], new NoObserver(), cancellation: TestContext.Current.CancellationToken).FinalStates[0];
        Assert.Equal(result.Checksum, StateChecksum.Compute(final));

        var observed = result.Snapshots[^1].Species[1];
        var x = final.Of(1, 0).ToArray();
        var y = final.Of(1, 1).ToArray();
        int n = x.Length;
        double mx = x.Average(), my = y.Average();
        Assert.Equal(mx, observed.Mean[0], 14);
        Assert.Equal(my, observed.Mean[1], 14);
        Assert.Equal(x.Sum(v => (v - mx) * (v - mx)) / n, observed.Covariance[0], 13);
        Assert.Equal(x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / n, observed.Covariance[1], 13);
        Assert.Equal(y.Sum(v => (v - my) * (v - my)) / n, observed.Covariance[2], 13);
        Assert.Equal(x.Sum(v => Math.Pow(v - mx, 3)) / n, observed.ThirdCentralMoment[0], 12);
        Assert.Equal(y.Sum(v => Math.Pow(v - my, 4)) / n, observed.FourthCentralMoment[1], 12);
        Assert.Equal([x[7], y[7]], observed.TaggedPositions[1]);
        Assert.Equal(Enumerable.Range(0, n).Average(i => Math.Cos(2 * x[i] - y[i])), observed.TestFunctionAverages[0], 13);
        Assert.Equal(Enumerable.Range(0, n).Average(i => Math.Sin(0.5 * x[i] + 3 * y[i])), observed.TestFunctionAverages[1], 13);
        Assert.Equal(Enumerable.Range(0, n).Average(i => Math.Exp(-(Math.Pow(x[i] - 0.1, 2) + Math.Pow(y[i] - 0.2, 2)) / 0.32)),
            observed.TestFunctionAverages[2], 13);
    }

    [Fact]
    public void HistogramIsADensityWhoseMassPlusTheOutsideFractionIsOne()
    {
        var result = Simulator.Create(Spec).Run(new RealisationSeed(1, 2));
        foreach (var species in result.Snapshots[^1].Species)
        {
            double binArea = (2.0 / 8) * (2.5 / 5);
            double mass = species.HistogramDensity!.Sum() * binArea;
            Assert.Equal(40, species.HistogramDensity!.Length);
            Assert.True(species.HistogramOutsideFraction > 0, "some particles of N(., 0.25 I) lie outside the box");
            Assert.Equal(1.0, mass + species.HistogramOutsideFraction, 12);
        }
    }

    [Fact]
    public void SnapshotsAreTakenExactlyAtTheOutputTimes()
    {
        var spec = Spec with { Time = new TimeGridSpec { Dt = 0.01, Horizon = 0.2, OutputTimes = [0.2, 0.0, 0.05] } };
        var result = Simulator.Create(spec).Run(new RealisationSeed(1, 1));
        Assert.Equal([0, 5, 20], result.Snapshots.Select(s => s.Step));
        Assert.Equal(0.05, result.Snapshots[1].Time, 15);
    }

    [Fact]
    public void TrajectoryCsvReproducesTheFinalStateToTheBit()
    {
        var simulator = Simulator.Create(Spec);
        var writer = new StringWriter();
        var result = simulator.Run(new RealisationSeed(77, 0), new RunOptions { Trajectory = TrajectoryRecording.EveryStep, TrajectoryWriter = writer });
        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,time,species,particle,x,y", lines[0]);
        Assert.Equal(1 + 21 * 600, lines.Length);

        var final = new ParticleVectors(2, simulator.Counts);
        foreach (string line in lines.Skip(1).Where(l => l.StartsWith("20,", StringComparison.Ordinal)))
        {
            string[] f = line.Split(',');
            int index = final.Offset(int.Parse(f[2], CultureInfo.InvariantCulture)) + int.Parse(f[3], CultureInfo.InvariantCulture);
            final.Axis[0][index] = double.Parse(f[4], CultureInfo.InvariantCulture);
            final.Axis[1][index] = double.Parse(f[5], CultureInfo.InvariantCulture);
        }
        Assert.Equal(result.Checksum, StateChecksum.Compute(final));
    }

    [Fact]
    public void ChecksumChangesWhenOneBitOfOnePositionChanges()
    {
        var state = Simulator.Create(Spec).InitialPositions(new RealisationSeed(1, 1));
        ulong before = StateChecksum.Compute(state);
        state.Axis[1][123] = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(state.Axis[1][123]) ^ 1);
        Assert.NotEqual(before, StateChecksum.Compute(state));
    }

    private sealed class NoObserver : IStepObserver
    {
        public bool Wants(int step) => false;
        public void Observe(int step, double time, int process, ParticleVectors positions) { }
    }
}
