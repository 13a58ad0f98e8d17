using System.Diagnostics;
using System.Globalization;
using Ensemble.Grains.Hosting;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// E1 (W1 with N per species, R realisations) through the embedded silo and, in the same run, the
/// same realisations in a plain parallel loop over the simulation core folding into the same
/// accumulator: the ratio is what the service costs on top of the numerics.
/// </summary>
public static class ServiceOverhead
{
    public static async Task PrintAsync(int particles, int realisations, int rounds = 3)
    {
        var spec = ReferenceWorkloads.W1(particles);
        Console.WriteLine($"E1 variant: W1 with N = {particles} per species, R = {realisations}, " +
                          $"{Environment.ProcessorCount} cores, {rounds} alternating rounds");
        await using var cluster = await EmbeddedCluster.StartAsync(workers: null);
        // Warm both paths up (JIT, spec cache) on a small job before timing.
        PlainLoop(spec, Math.Min(64, realisations));
        await EmbeddedJobs.TimeAsync(cluster, spec, Math.Min(64, realisations), "warm-up");

        var plain = new List<double>();
        var service = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            plain.Add(PlainLoop(spec, realisations));
            service.Add(await EmbeddedJobs.TimeAsync(cluster, spec, realisations, $"e1-{round}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: plain {plain[^1]:F2} s, service {service[^1]:F2} s"));
        }
        double p = EmbeddedJobs.Median(plain), s = EmbeddedJobs.Median(service);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plain loop: median {p:F2} s ({realisations / p:F1} realisations/s, {p / realisations * 1e3 * Environment.ProcessorCount:F2} ms of CPU each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"service:    median {s:F2} s ({realisations / s:F1} realisations/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"E1 N={particles} R={realisations} service/plain={s / p:F3} overhead={(s / p - 1) * 100:F1}%"));
    }

    private static double PlainLoop(SimulationSpec spec, int realisations)
    {
        var clock = Stopwatch.StartNew();
        var simulator = Simulator.Create(spec);
        var accumulator = new EnsembleAccumulator(spec);
        var results = new RealisationResult?[realisations];
        Parallel.For(0, realisations, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = simulator.Run(new RealisationSeed(1, (uint)i)));
        foreach (var result in results) accumulator.Add(result!);
        return clock.Elapsed.TotalSeconds;
    }
}
