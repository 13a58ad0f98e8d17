using System.Diagnostics;
using System.Globalization;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// How many W1 realisations one job coordinator absorbs per second, with the simulation cost taken out: a handful of real
/// W1 realisations are computed once, serialised as a silo sends them, and replayed as R seeds from S simulated silos
/// through the coordinator's own dispatch loop, ledger, checkpoint writer (in-memory store) and accumulator, on one thread.
/// Each message is deserialised on that thread, as the coordinator's silo must. Two ways, side by side, alternating:
/// every realisation sends its observables (before partial sums), and every realisation sends its small report while
/// its silo ships partial sums of <c>flush</c> realisations at a time (after). Also the bytes sent to the coordinator
/// per realisation, amortised.
/// </summary>
public static class CoordinatorCapacity
{
    private const int Distinct = 8;

    public sealed record Figures(string Mode, double RealisationsPerSecond, double BytesPerRealisation);

    public static void Print(int silos, int flush, int rounds, int window)
    {
        var spec = ReferenceWorkloads.W1();
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var simulator = Simulator.Create(spec);
        var layout = new EnsembleAccumulator(spec);
        var observables = Enumerable.Range(0, Distinct).Select(i => layout.Prepare(simulator.Run(new RealisationSeed(1, (uint)i))).Observables!).ToArray();
        int realisations = silos * flush * Math.Max(1, 20_000 / (silos * flush));
        var direct = new Direct(serializer, observables);
        var partials = new Partials(serializer, observables, spec, silos, flush);
        Console.WriteLine($"W1 (N = 1000 per species, {layout.Width} observables), R = {realisations}, {silos} simulated silos, window {window}, "
            + $"partials of {flush}; {rounds} alternating rounds");
        // Warm-up: both ways until tiered compilation has settled.
        for (int i = 0; i < 3; i++)
        {
            Measure(direct, spec, Math.Min(realisations, 4000), window, silos);
            Measure(partials, spec, Math.Min(realisations, silos * flush), window, silos);
        }
        var before = new List<double>();
        var after = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            before.Add(Measure(direct, spec, realisations, window, silos));
            after.Add(Measure(partials, spec, realisations, window, silos));
        }
        Report(new Figures("per-realisation observables (before)", Median(before), direct.BytesPerRealisation));
        Report(new Figures($"partial sums of {flush} (after)", Median(after), partials.BytesPerRealisation));
        Console.WriteLine($"wire: a report with observables {direct.BytesPerRealisation:F0} B; a held report {partials.ReportBytes:F0} B; "
            + $"a partial of {flush} {partials.PartialBytes} B");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coordinator after/before: {Median(after) / Median(before):F1}x realisations/s, "
            + $"{direct.BytesPerRealisation / partials.BytesPerRealisation:F0}x fewer bytes"));
    }

    private static void Report(Figures f) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"coordinator {f.Mode}: realisations/s={f.RealisationsPerSecond:F0} bytes/realisation={f.BytesPerRealisation:F0}"));

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>One job of <paramref name="realisations"/> through the dispatch loop; realisations absorbed per second.</summary>
    private static double Measure(IFeed feed, SimulationSpec spec, int realisations, int window, int silos)
    {
        var books = JobBooks.New(realisations);
        var ledger = new JobLedger(books, new EnsembleAccumulator(spec), prefix: PrefixTracker.Restore(spec, realisations, saved: null, books));
        var state = new JobState
        {
            Definition = new JobDefinition("capacity", null, SpecJson.Serialize(spec), realisations, 1),
            Dispatch = new DispatchSettings(window, 3, TimeSpan.FromHours(1)),
            Status = JobStatus.Running,
        };
        var lifecycle = new JobLifecycle();
        var checkpoints = new CheckpointWriter(state, ledger, new GrainStateBookStore(), () => Task.CompletedTask, lifecycle,
            new CheckpointOptions(), TimeProvider.System, NullLogger.Instance);
        lifecycle.Start();
        lifecycle.ReminderHeld();
        var dispatcher = new JobDispatcher(ledger, state.Dispatch, checkpoints, lifecycle, (i, _, _) => Task.FromResult(feed.Report(i, $"silo{i % silos}")),
            NullLogger.Instance, "capacity", feed.Collection);
        var clock = Stopwatch.StartNew();
        // One thread, as a grain's turn: the loop's continuations run inline on completed tasks.
        dispatcher.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        clock.Stop();
        if (ledger.Succeeded != realisations) throw new InvalidOperationException($"{ledger.Succeeded} of {realisations} recorded");
        return realisations / clock.Elapsed.TotalSeconds;
    }

    private interface IFeed
    {
        PartialCollection? Collection { get; }

        double BytesPerRealisation { get; }

        RealisationReport Report(uint index, string silo);
    }

    /// <summary>Before: each report carries its observables.</summary>
    private sealed class Direct(Serializer serializer, double[][] observables) : IFeed
    {
        private readonly byte[][] _wire = observables.Select(o => serializer.SerializeToArray(
            new RealisationReport(0, true, 0x1234_5678_9ABC_DEF0UL, o, null, "S10.0.0.17:11111:123456789", 35.0))).ToArray();

        public PartialCollection? Collection => null;

        public double BytesPerRealisation => _wire.Average(w => w.Length);

        public RealisationReport Report(uint index, string silo) =>
            serializer.Deserialize<RealisationReport>(_wire[index % Distinct])! with { Index = index, Silo = silo };
    }

    /// <summary>After: each report is small and held; a silo's partial of <paramref name="flush"/> realisations comes in one message.</summary>
    private sealed class Partials : IFeed
    {
        private readonly Serializer _serializer;
        private readonly byte[][] _reports;
        private readonly byte[] _partial;
        private readonly int _flush;

        public Partials(Serializer serializer, double[][] observables, SimulationSpec spec, int silos, int flush)
        {
            _serializer = serializer;
            _flush = flush;
            int target = PrefixTarget.Of(spec).Location.Index;
            _reports = observables.Select(o => serializer.SerializeToArray(new RealisationReport(0, true, 0x1234_5678_9ABC_DEF0UL, null, null,
                "S10.0.0.17:11111:123456789", 35.0) { Held = true, TargetValue = o[target] })).ToArray();
            var sums = new EnsembleAccumulator(spec);
            for (int i = 0; i < flush; i++) sums.Add(observables[i % Distinct]);
            // Seed numbers of a large job: 4-5 bytes each on the wire, as the indices of a real partial.
            _partial = serializer.SerializeToArray(new PartialSums([.. Enumerable.Range(0, flush).Select(i => (uint)(1_000_000 + i))], [],
                PartialSumsCodec.Encode(sums)));
            Collection = new PartialCollection(Collect, bytes => PartialSumsCodec.Decode(spec, bytes),
                new PartialOptions { FlushRealisations = flush, FlushInterval = TimeSpan.FromHours(1) });
        }

        public PartialCollection? Collection { get; }

        public double BytesPerRealisation => ReportBytes + (double)PartialBytes / _flush;

        public double ReportBytes => _reports.Average(r => r.Length);

        public int PartialBytes => _partial.Length;

        public RealisationReport Report(uint index, string silo) =>
            _serializer.Deserialize<RealisationReport>(_reports[index % Distinct])! with { Index = index, Silo = silo };

        private Task<PartialSums> Collect(string silo, uint[] seeds, CancellationToken cancellation)
        {
            if (seeds.Length != _flush) throw new InvalidOperationException($"a collect of {seeds.Length} seeds, the benchmark's partials hold {_flush}");
            return Task.FromResult(_serializer.Deserialize<PartialSums>(_partial)! with { Seeds = seeds });
        }
    }
}
