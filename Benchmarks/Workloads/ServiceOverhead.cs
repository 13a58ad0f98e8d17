using System.Diagnostics;
using System.Globalization;
using Ensemble.Grains;
using Ensemble.Grains.Interfaces;
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
    public static void Print(int particles, int realisations)
    {
        var spec = ReferenceWorkloads.W1(particles);
        Console.WriteLine($"E1 variant: W1 with N = {particles} per species, R = {realisations}, {Environment.ProcessorCount} cores");
        // Warm both paths up (JIT, silo start) on a small job before timing.
        PlainLoop(spec, Math.Min(64, realisations));
        Service(spec, Math.Min(64, realisations), "warm-up").GetAwaiter().GetResult();

        double plain = PlainLoop(spec, realisations);
        double service = Service(spec, realisations, "e1").GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plain loop: {plain:F2} s ({realisations / plain:F1} realisations/s, {plain / realisations * 1e3:F2} ms each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"service:    {service:F2} s ({realisations / service:F1} realisations/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"E1 N={particles} R={realisations} service/plain={service / plain:F3} overhead={(service / plain - 1) * 100:F1}%"));
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

    private static async Task<double> Service(SimulationSpec spec, int realisations, string jobId)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(workers: null);
        var job = cluster.Client.GetGrain<IJobGrain>(jobId);
        var clock = Stopwatch.StartNew();
        await job.Submit(new JobSubmission { SpecJson = SpecJson.Serialize(spec), Realisations = realisations, MasterSeed = 1 });
        while (!(await job.GetStatus()).IsFinished) await Task.Delay(20);
        return clock.Elapsed.TotalSeconds;
    }
}
