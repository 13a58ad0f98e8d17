using System.Diagnostics;
using System.Globalization;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// What a coordinator's books cost per realisation: a ledger for R tiny realisations records R
/// outcomes (1 in 1000 failed), either never saved (the worst case: every record still unsaved) or
/// taken by a save every 65,536 records (a checkpoint's worth at a high rate); the bytes still held
/// afterwards, over R, and the time per record.
/// </summary>
public static class BooksMemory
{
    /// <summary>One species of one particle, no histogram: five scalars a realisation, so the books dominate.</summary>
    public const string TinySpec = """
        {"model":{"type":"pressure","dimension":1,"exponent":2,"sigma":0.1,"eps":0.1,
          "species":[{"name":"a","particles":1,"weight":1,"mobility":1,"initial":{"type":"gaussian","mean":[0],"covariance":[[1]]}}]},
         "time":{"dt":0.1,"horizon":0.1}}
        """;

    public sealed record Figures(int Realisations, bool Saved, double BytesPerRealisation, double NanosecondsPerRecord);

    public static Figures Measure(int realisations, bool saveAsYouGo)
    {
        var spec = SpecJson.Parse(TinySpec);
        var observables = new double[new EnsembleAccumulator(spec).Width];
        long before = Retained();
        var ledger = new JobLedger(JobBooks.New(realisations), new EnsembleAccumulator(spec));
        var clock = Stopwatch.StartNew();
        for (uint i = 0; i < realisations; i++)
        {
            ledger.BeginAttempt(i);
            bool ok = i % 1000 != 999;
            ledger.Record(new RealisationReport(i, ok, i * 0x9E3779B97F4A7C15UL, ok ? observables : null, ok ? null : "non-finite position", "silo", 0.5));
            if (saveAsYouGo && (i & 0xFFFF) == 0xFFFF) ledger.Saved(ledger.TakeUnsaved());
        }
        clock.Stop();
        long after = Retained();
        GC.KeepAlive(ledger);
        return new Figures(realisations, saveAsYouGo, (after - before) / (double)realisations, clock.Elapsed.TotalNanoseconds / realisations);
    }

    public static void Print(int realisations)
    {
        foreach (bool saved in new[] { false, true })
        {
            var f = Measure(realisations, saved);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"books R={f.Realisations} {(f.Saved ? "saved every 65536" : "never saved")}: "
                + $"bytes/realisation={f.BytesPerRealisation:F2} ns/record={f.NanosecondsPerRecord:F0}"));
        }
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
