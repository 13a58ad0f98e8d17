using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// A coordinator's books cost at most 16 bytes a realisation, even when nothing recorded has been
/// saved yet (the worst case between two checkpoints): 10 for the books, 4 for an unsaved index.
/// The heap is measured whole, so the class runs alone (no other test allocating meanwhile).
/// </summary>
[Collection(LedgerMemoryTests.Alone)]
public sealed class LedgerMemoryTests
{
    public const string Alone = "ledger memory, measured alone";

    private const string TinySpec = """
        {"model":{"type":"pressure","dimension":1,"exponent":2,"sigma":0.1,"eps":0.1,
          "species":[{"name":"a","particles":1,"weight":1,"mobility":1,"initial":{"type":"gaussian","mean":[0],"covariance":[[1]]}}]},
         "time":{"dt":0.1,"horizon":0.1}}
        """;

    [Fact]
    public void AMillionRecordedOutcomesCostAtMostSixteenBytesEachBeforeAnySave()
    {
        const int realisations = 1_000_000;
        var spec = SpecJson.Parse(TinySpec);
        var observables = new double[new EnsembleAccumulator(spec).Width];
        long before = Retained();
        var ledger = new JobLedger(JobBooks.New(realisations), new EnsembleAccumulator(spec));
        for (uint i = 0; i < realisations; i++)
        {
            ledger.BeginAttempt(i);
            // The silo name arrives as a new string with every report, as it does off the wire.
            ledger.Record(new RealisationReport(i, true, i * 0x9E3779B97F4A7C15UL, observables, null, new string('s', 12), 0.5));
        }
        double perRealisation = (Retained() - before) / (double)realisations;
        Assert.Equal(realisations, ledger.Unsaved);
        // 14 expected (1 state + 1 attempts + 8 checksum + 4 unsaved index); 2 bytes of margin for the chunk tail and the accumulator.
        Assert.True(perRealisation <= 16, $"{perRealisation:F1} bytes per realisation");

        var records = ledger.TakeUnsaved();
        Assert.Equal(realisations, records.Count);
        Assert.Equal(unchecked(7 * 0x9E3779B97F4A7C15UL), records[7].Checksum);
        Assert.Equal(1, records[7].Attempts);
        ledger.Saved(records);
        Assert.Equal(0, ledger.Unsaved);
        GC.KeepAlive(ledger);
    }

    [Fact]
    public void WithDetailsTheUnsavedRecordsCarrySiloAndDurationAndAFailedSaveKeepsThem()
    {
        var spec = SpecJson.Parse(TinySpec);
        var observables = new double[new EnsembleAccumulator(spec).Width];
        var ledger = new JobLedger(JobBooks.New(3), new EnsembleAccumulator(spec), keepDetails: true);
        ledger.BeginAttempt(1);
        ledger.Record(new RealisationReport(1, true, 42, observables, null, "silo-a", 12.5));
        ledger.BeginAttempt(2);
        ledger.Record(new RealisationReport(2, false, 0, null, "diverged", "silo-b", 3));
        ledger.Abandon(0, "gave up");
        var records = ledger.TakeUnsaved();
        ledger.SaveFailed(records);
        var again = ledger.TakeUnsaved().OrderBy(r => r.Index).ToArray();
        Assert.Equal([0u, 1u, 2u], again.Select(r => r.Index));
        Assert.Equal((RealisationState.Abandoned, "gave up", (string?)null), (again[0].State, again[0].FailureReason, again[0].Silo));
        Assert.Equal(("silo-a", 12.5, 42UL), (again[1].Silo, again[1].Milliseconds, again[1].Checksum));
        Assert.Equal((RealisationState.Failed, "diverged", "silo-b"), (again[2].State, again[2].FailureReason, again[2].Silo));
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

[CollectionDefinition(LedgerMemoryTests.Alone, DisableParallelization = true)]
public sealed class LedgerMemoryCollection;
