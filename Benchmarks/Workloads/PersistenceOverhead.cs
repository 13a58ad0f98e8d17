using System.Globalization;
using Ensemble.Grains.Hosting;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// The same job of many small realisations on an embedded silo with in-memory state and on one
/// with everything in PostgreSQL, in alternating rounds of one run: the ratio is what persistence
/// costs (the coordinator's checkpoints, one transaction per half window of realisations).
/// </summary>
public static class PersistenceOverhead
{
    public static async Task PrintAsync(string postgres, int realisations, int rounds, int maxInFlight, bool adaptive)
    {
        var spec = SmallRealisation();
        Console.WriteLine($"Persistence: {realisations} small realisations (model A, d = 1, 2 x 50 particles, 50 steps), " +
                          $"window {maxInFlight}{(adaptive ? " (adaptive)" : "")}, {Environment.ProcessorCount} cores, "
                          + $"{rounds} alternating rounds; " +
                          $"database {Storage.PostgresConnectionString.Redact(postgres)}");
        await using var memory = await EmbeddedCluster.StartAsync(workers: null);
        await using var database = await EmbeddedCluster.StartAsync(workers: null, postgres);
        string run = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await EmbeddedJobs.TimeAsync(memory, spec, 500, $"bench-{run}-warm-memory", maxInFlight, adaptive);
        await EmbeddedJobs.TimeAsync(database, spec, 500, $"bench-{run}-warm-postgres", maxInFlight, adaptive);

        var inMemory = new List<double>();
        var inPostgres = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            inMemory.Add(await EmbeddedJobs.TimeAsync(memory, spec, realisations, $"bench-{run}-memory-{round}", maxInFlight, adaptive));
            inPostgres.Add(await EmbeddedJobs.TimeAsync(database, spec, realisations, $"bench-{run}-postgres-{round}", maxInFlight, adaptive));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: memory {inMemory[^1]:F2} s, postgres {inPostgres[^1]:F2} s"));
        }
        double m = EmbeddedJobs.Median(inMemory), p = EmbeddedJobs.Median(inPostgres);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory:   median {m:F2} s ({realisations / m:F0} realisations/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"postgres: median {p:F2} s ({realisations / p:F0} realisations/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"persistence R={realisations} window={maxInFlight}{(adaptive ? "-adaptive" : "")} "
            + $"postgres/memory={p / m:F3} overhead={(p / m - 1) * 100:F1}%"));
    }

    /// <summary>About a millisecond of computing: the regime where per-realisation bookkeeping shows most.</summary>
    public static SimulationSpec SmallRealisation() => SpecValidator.Validate(new SimulationSpec
    {
        Model = new PairwiseModelSpec
        {
            Dimension = 1,
            Species = Enumerable.Range(0, 2).Select(k => new PairwiseSpeciesSpec
            {
                Name = $"u{k + 1}",
                Particles = 50,
                Sigma = 0.5,
                Initial = new GaussianDistribution { Mean = [k - 0.5], Covariance = [[0.25]] },
            }).ToArray(),
            Interaction = [[1.0, 2.0], [2.0, 1.0]],
            Kernel = KernelShape.PolynomialBump,
            Eta = 0.2,
        },
        Time = new TimeGridSpec { Dt = 1e-3, Horizon = 5e-2 },
        Observables = new ObservablesSpec(),
    });
}
