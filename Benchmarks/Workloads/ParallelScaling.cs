using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ensemble.Grains.Hosting;
using Ensemble.Simulation.Engine;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// The two ways this service uses more cores, each against one core in the same run: <c>threads</c>, one large W1
/// realisation (N = 16000 per species) on 1 and on T threads, which must give the same bits; and <c>workers</c>, E1-type
/// jobs (many small W1 realisations) on an embedded silo with 1 and with K workers. Variants alternate within each
/// round after a warm-up that runs until the time per realisation is stable; medians are reported.
/// </summary>
public static class ParallelScaling
{
    public static IEnumerable<Command> Commands()
    {
        var particles = new Option<int?>("--n") { Description = "particles per species (default: threads 16000, workers 200)" };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds; medians are reported", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "threads T to compare with one", DefaultValueFactory = _ => Environment.ProcessorCount };
        var single = new Command("threads", "one W1 realisation on 1 and on T threads, side by side: speed-up and whether the bits agree")
        {
            particles, rounds, threads,
        };
        single.SetAction(r => Threads(r.GetValue(particles) ?? 16000, r.GetValue(threads), r.GetValue(rounds)));

        var workers = new Option<int>("--workers") { Description = "workers K to compare with one", DefaultValueFactory = _ => Environment.ProcessorCount };
        var realisations = new Option<int>("--realisations") { Description = "realisations R per job", DefaultValueFactory = _ => 1000 };
        var many = new Command("workers", "E1-type jobs on an embedded silo with 1 and with K workers, side by side: throughput ratio")
        {
            particles, rounds, workers, realisations,
        };
        many.SetAction((r, _) => WorkersAsync(r.GetValue(particles) ?? 200, r.GetValue(workers), r.GetValue(realisations), r.GetValue(rounds)));
        return [single, many];
    }

    private static void Threads(int particles, int threads, int rounds)
    {
        var simulator = Simulator.Create(ReferenceWorkloads.W1(particles));
        Console.WriteLine($"W1 N = {particles} per species, one realisation, 1 vs {threads} threads, {rounds} rounds, {Environment.ProcessorCount} cores");
        var seed = new RealisationSeed(1, 0);
        double Time(int t, out ulong checksum)
        {
            var clock = Stopwatch.StartNew();
            var result = simulator.Run(seed, new RunOptions { Threads = t });
            double seconds = clock.Elapsed.TotalSeconds;
            if (!result.Succeeded) throw new InvalidOperationException(result.Failure!.Reason);
            checksum = result.Checksum;
            return seconds;
        }
        foreach (int t in new[] { 1, threads })
        {
            var warm = SteadyStateTiming.Measure(run => Time(t, out ulong _), timedRuns: 1, minWarmUpRuns: 3, maxWarmUpSeconds: 60);
            Console.WriteLine($"  warm-up on {t} thread(s): {warm.WarmUpRuns} runs, {warm.WarmUpSeconds:F1} s, {(warm.Settled ? "settled" : "not settled")}");
        }
        var one = new List<double>();
        var many = new List<double>();
        var checksums = new HashSet<ulong>();
        for (int round = 0; round < rounds; round++)
        {
            one.Add(Time(1, out ulong a));
            many.Add(Time(threads, out ulong b));
            checksums.Add(a);
            checksums.Add(b);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: 1 thread {one[^1]:F3} s, {threads} threads {many[^1]:F3} s"));
        }
        double m1 = EmbeddedJobs.Median(one), mt = EmbeddedJobs.Median(many);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"W1 N={particles} threads={threads} one={m1:F3}s many={mt:F3}s speedup={m1 / mt:F2} spread={Spread(one):P1}/{Spread(many):P1} "
            + $"same-bits={(checksums.Count == 1 ? "yes" : "NO")}"));
    }

    private static async Task WorkersAsync(int particles, int workers, int realisations, int rounds)
    {
        var spec = ReferenceWorkloads.W1(particles);
        Console.WriteLine($"E1 variant: W1 N = {particles} per species, R = {realisations} per job, silo with 1 vs {workers} workers, "
            + $"{rounds} rounds, {Environment.ProcessorCount} cores");
        await using var alone = await EmbeddedCluster.StartAsync(workers: 1);
        await using var several = await EmbeddedCluster.StartAsync(workers: workers);
        // Warm both silos up (JIT, tiered compilation, spec cache) before timing.
        for (int i = 0; i < 3; i++)
        {
            await EmbeddedJobs.TimeAsync(alone, spec, Math.Min(200, realisations), $"warm-1-{i}");
            await EmbeddedJobs.TimeAsync(several, spec, Math.Min(200, realisations), $"warm-k-{i}");
        }
        var one = new List<double>();
        var many = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            one.Add(realisations / await EmbeddedJobs.TimeAsync(alone, spec, realisations, $"one-{round}"));
            many.Add(realisations / await EmbeddedJobs.TimeAsync(several, spec, realisations, $"many-{round}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: 1 worker {one[^1]:F1} realisations/s, {workers} workers {many[^1]:F1} realisations/s"));
        }
        double r1 = EmbeddedJobs.Median(one), rk = EmbeddedJobs.Median(many);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"E1 N={particles} workers={workers} one={r1:F1}/s many={rk:F1}/s ratio={rk / r1:F2} per-worker={rk / r1 / workers:F3}"));
    }

    private static double Spread(List<double> values) => (values.Max() - values.Min()) / EmbeddedJobs.Median(values);
}
