using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Running;
using Ensemble.Benchmarks.Workloads;

namespace Ensemble.Benchmarks;

/// <summary>
/// Plain throughput commands (w1, w2, scaling, vs-c, ...) that end with one machine-readable line, and
/// <c>bdn</c>, which hands the remaining arguments to BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bdn")
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
            return 0;
        }

        var particles = new Option<int?>("--n") { Description = "particles per species (default: the workload's)" };
        var repetitions = new Option<int>("--repetitions")
        {
            Description = "timed realisations after the steady-state warm-up; the median is reported", DefaultValueFactory = _ => 5,
        };
        var noPairs = new Option<bool>("--no-pairs") { Description = "skip the untimed realisation that counts pairs within eta" };

        var w1 = new Command("w1", "W1 (model A, d = 2) on one core: particle-steps/s and pairs per particle-step") { particles, repetitions, noPairs };
        w1.SetAction(r => Report("W1", ThroughputMeasurement.Measure(ReferenceWorkloads.W1(r.GetValue(particles) ?? 1000), r.GetValue(repetitions),
            countPairs: !r.GetValue(noPairs))));

        var w2 = new Command("w2", "W2 (model B, d = 1, m = 3, grid drift) on one core: particle-steps/s") { particles, repetitions };
        w2.SetAction(r => Report("W2", ThroughputMeasurement.Measure(ReferenceWorkloads.W2(r.GetValue(particles) ?? 2000), r.GetValue(repetitions))));

        var scaling = new Command("scaling", "W1 at N = 1000 ... 16000 per species, side by side: cost per pair must stay flat") { repetitions };
        scaling.SetAction(r => Scaling(r.GetValue(repetitions)));

        var refinement = new Command("refinement", "model B: grid drift error against the exact m = 2 pairwise drift as h = eps / resolution shrinks");
        refinement.SetAction(_ => RefinementStudy.Print());

        var realisations = new Option<int>("--realisations") { Description = "realisations R", DefaultValueFactory = _ => 2000 };
        var e1 = new Command("e1", "E1 through the embedded silo and as a plain loop, side by side (N = 200 per species)") { particles, realisations };
        e1.SetAction((r, _) => ServiceOverhead.PrintAsync(r.GetValue(particles) ?? 200, r.GetValue(realisations)));

        var postgres = new Option<string?>("--postgres")
        {
            Description = $"PostgreSQL connection string (default: ${Storage.PostgresConnectionString.EnvironmentVariable})",
        };
        var smallRealisations = new Option<int>("--realisations") { Description = "realisations R", DefaultValueFactory = _ => 10_000 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds; medians are reported", DefaultValueFactory = _ => 5 };
        var window = new Option<int>("--max-in-flight") { Description = "the jobs' in-flight window", DefaultValueFactory = _ => 64 };
        var adaptive = new Option<bool>("--adaptive-window") { Description = "let the window grow from --max-in-flight (InFlightWindow)" };
        var persistence = new Command("persistence", "the same job of small realisations with in-memory state and with PostgreSQL, side by side")
        {
            postgres, smallRealisations, rounds, window, adaptive,
        };
        persistence.SetAction((r, _) => Storage.PostgresConnectionString.Resolve(r.GetValue(postgres)) is { } connectionString
            ? PersistenceOverhead.PrintAsync(connectionString, r.GetValue(smallRealisations), r.GetValue(rounds), r.GetValue(window), r.GetValue(adaptive))
            : throw new ArgumentException(
                $"--postgres: a PostgreSQL connection string (or set ${Storage.PostgresConnectionString.EnvironmentVariable}); found none"));

        var booksRealisations = new Option<int>("--realisations") { Description = "realisations R", DefaultValueFactory = _ => 10_000_000 };
        var books = new Command("books", "bytes per realisation of a coordinator's books after recording R tiny outcomes") { booksRealisations };
        books.SetAction(r => BooksMemory.Print(r.GetValue(booksRealisations)));

        var silos = new Option<int>("--silos") { Description = "simulated silos feeding the coordinator", DefaultValueFactory = _ => 100 };
        var flush = new Option<int>("--flush")
        {
            Description = "realisations per partial", DefaultValueFactory = _ => new Jobs.Partials.PartialOptions().FlushRealisations,
        };
        var coordinatorWindow = new Option<int>("--max-in-flight") { Description = "the job's in-flight window", DefaultValueFactory = _ => 256 };
        var coordinator = new Command("coordinator",
            "W1 realisations/s one job coordinator absorbs, and bytes sent to it per realisation: before and after partial sums")
        {
            silos, flush, rounds, coordinatorWindow,
        };
        coordinator.SetAction(r => CoordinatorCapacity.Print(r.GetValue(silos), r.GetValue(flush), r.GetValue(rounds), r.GetValue(coordinatorWindow)));

        var root = new RootCommand("Ensemble benchmarks; 'bdn ...' runs the BenchmarkDotNet suites")
        {
            w1, w2, scaling, refinement, e1, persistence, books, coordinator,
        };
        root.Add(CouplingOverhead.Command());
        foreach (var command in ParallelScaling.Commands()) root.Add(command);
        root.Add(CReferenceComparison.Command());
        root.Add(DashboardLoad.Command());
        return root.Parse(args).Invoke();
    }

    private static void Report(string workload, ThroughputMeasurement.Figures f)
    {
        bool pairwise = !double.IsNaN(f.PairsPerParticleStep);
        var t = f.Timing;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median realisation {t.MedianSeconds * 1e3:F1} ms, spread {t.Spread * 100:F1}% (min {t.MinSeconds * 1e3:F1}, max {t.MaxSeconds * 1e3:F1} ms)") +
            $" over {t.TimedRuns} runs after {t.WarmUpRuns} warm-up runs ({t.WarmUpSeconds:F1} s, {(t.Settled ? "settled" : "not settled")})" +
            (pairwise ? $", {f.NanosecondsPerPair:F2} ns per pair within radius" : ""));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload} N={f.ParticlesPerSpecies} particle-steps/s={f.ParticleStepsPerSecond:F0}") +
            (pairwise ? string.Create(CultureInfo.InvariantCulture, $" pairs/particle-step={f.PairsPerParticleStep:F2}") : ""));
    }

    private static void Scaling(int repetitions)
    {
        Console.WriteLine("N/species  particle-steps/s  pairs/particle-step  ns/pair  (ns/pair relative to N=1000)");
        double? baseline = null;
        foreach (int n in new[] { 1000, 2000, 4000, 8000, 16000 })
        {
            var f = ThroughputMeasurement.Measure(ReferenceWorkloads.W1(n), n >= 8000 ? Math.Max(1, repetitions / 2) : repetitions);
            baseline ??= f.NanosecondsPerPair;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,9}  {f.ParticleStepsPerSecond,16:F0}  {f.PairsPerParticleStep,19:F2}  {f.NanosecondsPerPair,7:F2}  {f.NanosecondsPerPair / baseline:F2}"));
        }
    }
}
