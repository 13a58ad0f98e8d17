using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Limits;

/// <summary>
/// A realisation of a spec with a limit section: its particles are exactly those of the same spec
/// without one, it carries every limit value the layout names, its coupled processes are as
/// deterministic as the particles, and a rerun writes every process's trajectory.
/// </summary>
public sealed class LimitRealisationTests
{
    private static readonly Lazy<Simulator> SmallW2 = new(() => Simulator.Create(LimitSpecs.W2(particles: 200, horizon: 0.05)));
    private static readonly Lazy<Simulator> SmallW1 = new(() => Simulator.Create(LimitSpecs.W1(particles: 150, steps: 10)));

    public static TheoryData<string> Workloads => new() { "w1", "w2" };

    private static Simulator Of(string workload) => workload == "w1" ? SmallW1.Value : SmallW2.Value;

    [Theory]
    [MemberData(nameof(Workloads))]
    public void TheParticlesAreThoseOfTheSpecWithoutALimit(string workload)
    {
        var limited = Of(workload);
        var plain = Simulator.Create(LimitSpecs.WithoutLimit(limited.Spec));
        var seed = new RealisationSeed(7, 3);
        var a = limited.Run(seed);
        var b = plain.Run(seed);
        Assert.True(a.Succeeded && b.Succeeded);
        for (int t = 0; t < a.Snapshots.Count; t++)
        for (int k = 0; k < a.Snapshots[t].Species.Count; k++)
        {
            var x = a.Snapshots[t].Species[k];
            var y = b.Snapshots[t].Species[k];
            Assert.Equal(y.Mean, x.Mean);
            Assert.Equal(y.Covariance, x.Covariance);
            Assert.Equal(y.FourthCentralMoment, x.FourthCentralMoment);
            Assert.Equal(y.TestFunctionAverages, x.TestFunctionAverages);
            Assert.Empty(y.LimitValues);
        }
        Assert.NotEqual(b.Checksum, a.Checksum);   // the coupled processes are in the checksum too
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void ARealisationCarriesEveryLimitValueTheLayoutNames(string workload)
    {
        var simulator = Of(workload);
        var layout = new LimitLayout(simulator.Spec);
        var result = simulator.Run(new RealisationSeed(1, 0));
        Assert.True(result.Succeeded, result.Failure?.Reason);
        var previous = new double[layout.JointNames.Count];
        foreach (var snapshot in result.Snapshots)
        {
            Assert.Equal(layout.JointNames.Count, snapshot.JointValues.Length);
            for (int i = 0; i < previous.Length; i++)
            {
                // A running sup never decreases; the coupled processes start at the particles' points.
                Assert.True(snapshot.JointValues[i] >= previous[i], $"{layout.JointNames[i]} decreased");
                previous[i] = snapshot.JointValues[i];
            }
            foreach (var species in snapshot.Species)
            {
                Assert.Equal(layout.SpeciesNames.Count, species.LimitValues.Length);
                Assert.All(species.LimitValues, v => Assert.True(double.IsFinite(v)));
                for (int i = layout.DistanceOffset; i < layout.PairOffset; i++)
                    Assert.True(species.LimitValues[i] > 0, $"{layout.SpeciesNames[i]} should be a positive distance");
                double pairSlots = species.LimitValues.Skip(layout.PairOffset).Take(layout.PairBins * layout.PairBins + 1).Sum();
                Assert.Equal(1.0, pairSlots);   // one-hot: exactly one slot of the pair histogram
            }
        }
        Assert.True(previous.All(v => v > 0), "the coupling errors at T are positive: the drifts differ");
        var accumulator = new EnsembleAccumulator(simulator.Spec);
        accumulator.Add(result);
        var observables = accumulator.Estimates().Select(r => r.Observable).ToHashSet();
        foreach (string name in new[] { "weak_error", "chaos_tv", "chaos_tv_bias", "histogram_l1", "histogram_l1_floor", "limit_histogram" })
            Assert.Contains(name, observables);
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void ACoupledRealisationHasTheSameBitsOnAnyThreadCount(string workload)
    {
        var simulator = Of(workload);
        var seed = new RealisationSeed(11, 5);
        var one = simulator.Run(seed, new RunOptions { Threads = 1 });
        var two = simulator.Run(seed, new RunOptions { Threads = 2 });
        Assert.Equal(one.Checksum, two.Checksum);
        for (int t = 0; t < one.Snapshots.Count; t++)
        {
            Assert.Equal(one.Snapshots[t].JointValues, two.Snapshots[t].JointValues);
            for (int k = 0; k < one.Snapshots[t].Species.Count; k++)
                Assert.Equal(one.Snapshots[t].Species[k].LimitValues, two.Snapshots[t].Species[k].LimitValues);
        }
    }

    [Fact]
    public void ARerunWritesEveryCoupledProcessTrajectory()
    {
        var simulator = SmallW2.Value;
        var writer = new StringWriter();
        var result = simulator.Run(new RealisationSeed(1, 2), new RunOptions { Trajectory = TrajectoryRecording.OutputTimes, TrajectoryWriter = writer });
        Assert.True(result.Succeeded);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,time,process,species,particle,x", lines[0].TrimEnd('\r'));
        var processes = lines.Skip(1).Select(l => l.Split(',')[2]).Distinct().ToArray();
        Assert.Equal(new[] { "particles", "nonlinear" }, processes);
        // Both processes at every output time, 2 species x 200 particles each.
        Assert.Equal(simulator.OutputSteps.Count * 2 * 400, lines.Length - 1);
    }
}
