using BenchmarkDotNet.Attributes;
using Ensemble.Benchmarks.Workloads;
using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Suites;

/// <summary>One drift evaluation on the initial state of W1 and W2: the kernels that dominate a step.</summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private ParticleVectors _w1 = null!, _w1Drift = null!, _w2 = null!, _w2Drift = null!;
    private PairwiseDrift _pairwise = null!;
    private IDriftField _pressure = null!;

    [GlobalSetup]
    public void Setup()
    {
        var w1 = Simulator.Create(ReferenceWorkloads.W1());
        _w1 = w1.InitialPositions(new RealisationSeed(1, 0));
        _w1Drift = new ParticleVectors(_w1.Dimension, _w1.Counts);
        _pairwise = (PairwiseDrift)w1.CreateDrift();
        var w2 = Simulator.Create(ReferenceWorkloads.W2());
        _w2 = w2.InitialPositions(new RealisationSeed(1, 0));
        _w2Drift = new ParticleVectors(_w2.Dimension, _w2.Counts);
        _pressure = w2.CreateDrift();
    }

    [Benchmark(Description = "W1 pairwise drift (cell list, 2000 particles)")]
    public void PairwiseW1() => _pairwise.Evaluate(_w1, 0, _w1Drift);

    [Benchmark(Description = "W2 pressure drift (grid, 4000 particles)")]
    public void PressureW2() => _pressure.Evaluate(_w2, 0, _w2Drift);
}
