using BenchmarkDotNet.Attributes;
using Ensemble.Simulation.Random;

namespace Ensemble.Benchmarks.Suites;

/// <summary>The Brownian increments of one W1 step: 2000 particles, two normals each.</summary>
public class NoiseBenchmarks
{
    private readonly double[] _x = new double[2000], _y = new double[2000];

    [Benchmark(Description = "2000 Gaussian pairs (Philox4x32-10 + Box–Muller)")]
    public double GaussianPairs()
    {
        var noise = new NoiseStream(1, 0);
        for (int p = 0; p < 2000; p++) (_x[p], _y[p]) = noise.GaussianPair(NoisePurpose.BrownianIncrement, 5, p & 1, p, 0);
        return _x[0] + _y[1999];
    }

    [Benchmark(Description = "2000 Gaussian pairs, vectorised batch")]
    public double GaussianBatch()
    {
        new NoiseStream(1, 0).FillGaussians(NoisePurpose.BrownianIncrement, 5, 0, 0, 2000, _x, _y, Span<double>.Empty);
        return _x[0] + _y[1999];
    }
}
