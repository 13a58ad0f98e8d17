using BenchmarkDotNet.Attributes;
using Ensemble.Benchmarks.Workloads;
using Ensemble.Simulation.Engine;

namespace Ensemble.Benchmarks.Suites;

/// <summary>A whole realisation of W1 (100 steps) and W2 (500 steps) on one thread.</summary>
[MemoryDiagnoser]
public class RealisationBenchmarks
{
    private Simulator _w1 = null!, _w2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _w1 = Simulator.Create(ReferenceWorkloads.W1());
        _w2 = Simulator.Create(ReferenceWorkloads.W2());
    }

    [Benchmark(Description = "W1 realisation")]
    public ulong W1() => _w1.Run(new RealisationSeed(1, 0)).Checksum;

    [Benchmark(Description = "W2 realisation")]
    public ulong W2() => _w2.Run(new RealisationSeed(1, 0)).Checksum;
}
