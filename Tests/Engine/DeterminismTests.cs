using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Engine;

public sealed class DeterminismTests
{
    // Large enough that the drift and the noise both take their multi-threaded paths.
    private static readonly SimulationSpec ModelA = TestSpecs.Pairwise(2, 1500, [[1.0, 2.0], [2.0, 1.0]], steps: 20);
    private static readonly SimulationSpec ModelB = TestSpecs.Wrap(TestSpecs.Pressure(1, 1500, 3.0), steps: 20);

    public static TheoryData<string> Models() => ["A", "B"];

    private static Simulator For(string model) => Simulator.Create(model == "A" ? ModelA : ModelB);

    [Theory]
    [MemberData(nameof(Models))]
    public void SameSeedTwiceGivesTheSameChecksum(string model)
    {
        var simulator = For(model);
        var first = simulator.Run(new RealisationSeed(2024, 3));
        var second = simulator.Run(new RealisationSeed(2024, 3));
        Assert.True(first.Succeeded);
        Assert.Equal(first.Checksum, second.Checksum);
        Assert.Equal(first.Snapshots[^1].Species[1].Mean, second.Snapshots[^1].Species[1].Mean);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OneThreadAndManyThreadsGiveTheSameChecksum(string model)
    {
        var simulator = For(model);
        var single = simulator.Run(new RealisationSeed(7, 11), new RunOptions { Threads = 1 });
        var many = simulator.Run(new RealisationSeed(7, 11), new RunOptions { Threads = 4 });
        Assert.Equal(single.Checksum, many.Checksum);
    }

    [Fact]
    public void RealisationsRunConcurrentlyEqualRealisationsRunOneByOne()
    {
        var simulator = For("A");
        var sequential = Enumerable.Range(0, 6).Select(i => simulator.Run(new RealisationSeed(5, (uint)i)).Checksum).ToArray();
        var concurrent = new ulong[6];
        Parallel.For(0, 6, i => concurrent[i] = simulator.Run(new RealisationSeed(5, (uint)i)).Checksum);
        Assert.Equal(sequential, concurrent);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DifferentSeedsGiveDifferentChecksums(string model)
    {
        var simulator = For(model);
        ulong reference = simulator.Run(new RealisationSeed(1, 0)).Checksum;
        Assert.NotEqual(reference, simulator.Run(new RealisationSeed(1, 1)).Checksum);
        Assert.NotEqual(reference, simulator.Run(new RealisationSeed(2, 0)).Checksum);
    }
}
