using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// The coordinator's side of partial sums: a partial folds all its seeds at once and exactly once, whatever the grouping,
/// and a partial that repeats a counted seed is refused, never counted twice.
/// </summary>
public sealed class PartialMergeTests
{
    private static readonly SimulationSpec Spec = JobHarness.Spec;
    private static readonly JobHarness Harness = new(12, new DispatchSettings(4, 3, TimeSpan.FromMinutes(1)));
    private static readonly RealisationReport[] Reports = [.. Enumerable.Range(0, 12).Select(i => Harness.Compute((uint)i))];

    [Fact]
    public void TheCodecRoundTripsTheExactStateAndRefusesBytesThatAreNotAPartialOfTheSpec()
    {
        var partial = Sums(0, 1, 2, 5, 8);
        byte[] bytes = PartialSumsCodec.Encode(partial);
        Assert.Equal(partial.ToState(), PartialSumsCodec.Decode(Spec, bytes).ToState());
        Assert.Equal(new EnsembleAccumulator(Spec).ToState(), PartialSumsCodec.Decode(Spec, PartialSumsCodec.Encode(new EnsembleAccumulator(Spec))).ToState());
        Assert.Throws<ArgumentException>(() => PartialSumsCodec.Decode(Spec, bytes[..^3]));
        Assert.Throws<ArgumentException>(() => PartialSumsCodec.Decode(Spec, [.. bytes, 0]));
        var other = TestSpecs.Pairwise(1, 4, [[1.0]], eta: 0.4, steps: 2);
        Assert.Throws<ArgumentException>(() => { PartialSumsCodec.Decode(other, bytes); });
    }

    [Fact]
    public void PartialsMergedInAnyGroupingAndOrderGiveTheBitsOfOneAccumulator()
    {
        var direct = Ledger();
        foreach (var report in Reports) Assert.True(direct.Record(report));

        var merged = Ledger();
        // Reported in batches, each silo's batch collected as one partial: s2 in one, s0 in two (late seeds first), s1 in three.
        uint[][] batches = [[2, 5, 8, 11], [9, 6], [10], [3, 0], [1, 4], [7]];
        foreach (var batch in batches)
            foreach (uint i in batch) Assert.True(merged.Record(Held(Reports[i], $"s{i % 3}")));
        Assert.Equal(12, merged.Awaiting);
        Assert.Equal(0, merged.Succeeded);
        Assert.Equal(0, merged.Accumulator.Count);
        merged.TakeCollectable("s0"); // asked for everything, answered in two partials below
        merged.TakeCollectable("s1");
        merged.TakeCollectable("s2");
        foreach (var batch in batches) Assert.Empty(merged.Merge($"s{batch[0] % 3}", batch, Partial(batch), Sums(batch)));

        Assert.Equal(0, merged.Awaiting);
        Assert.Equal(12, merged.Succeeded);
        Assert.Equal(direct.Accumulator.ToState(), merged.Accumulator.ToState());
        Assert.Equal(direct.Books.Checksums, merged.Books.Checksums);
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(Spec, 12, Harness.Seed).ToState(), merged.Accumulator.ToState());
    }

    [Fact]
    public void ASeedArrivingInTwoPartialsCountsOnceAndTheRefusedPartialsSeedsAreComputedAgain()
    {
        var ledger = Ledger();
        for (uint i = 0; i < 3; i++) ledger.Record(Held(Reports[i], "s0"));
        Assert.Empty(Merge(ledger, "s0", [0, 1, 2]));
        for (uint i = 3; i < 6; i++) ledger.Record(Held(Reports[i], "s0"));

        // Seed 2 again, with 3 and 4: its sums cannot be split off, so the partial is refused whole.
        uint[] asked = ledger.TakeCollectable("s0");
        Assert.Equal([3u, 4u, 5u], asked);
        var again = ledger.Merge("s0", asked, new PartialSums([2, 3, 4], [5], PartialSumsCodec.Encode(Sums(2, 3, 4))), Sums(2, 3, 4));
        Assert.Equal([3u, 4u, 5u], again.Order());
        Assert.Equal(3, ledger.Succeeded);
        Assert.Equal(3, ledger.Accumulator.Count);
        Assert.True(ledger.Books.DuplicateReports >= 1);
        Assert.Equal([3u, 4u, 5u, 6u], ledger.Pending().Take(4));

        // A partial naming a seed another silo holds is refused too.
        ledger.Record(Held(Reports[3], "s1"));
        ledger.Record(Held(Reports[4], "s0"));
        uint[] fromS0 = ledger.TakeCollectable("s0");
        Assert.Equal([4u], ledger.Merge("s0", fromS0, new PartialSums([3, 4], [], []), Sums(3, 4)));
        Assert.Equal(3, ledger.Accumulator.Count);

        // Computed again, the seeds count once each: the same bits as six realisations folded directly.
        ledger.Record(Held(Reports[4], "s0"));
        ledger.Record(Reports[5]);
        Merge(ledger, "s1", [3]);
        Merge(ledger, "s0", [4]);
        Assert.Equal(6, ledger.Succeeded);
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(Spec, 6, Harness.Seed).ToState(), ledger.Accumulator.ToState());
    }

    [Fact]
    public void SeedsThatAPartialNoLongerHoldsArePendingAgainAndTheirNewReportIsNoDuplicate()
    {
        var ledger = Ledger();
        for (uint i = 0; i < 4; i++) ledger.Record(Held(Reports[i], "s0"));
        Assert.False(ledger.Record(Held(Reports[1], "s1"))); // awaiting its sums already: a duplicate
        uint[] asked = ledger.TakeCollectable("s0");
        var again = ledger.Merge("s0", asked, new PartialSums([0, 2], [1, 3], PartialSumsCodec.Encode(Sums(0, 2))), Sums(0, 2));
        Assert.Equal([1u, 3u], again);
        Assert.False(ledger.IsAwaiting(1));
        Assert.Equal([1u, 3u, 4u], ledger.Pending().Take(3));
        Assert.True(ledger.Record(Reports[1]));
        Assert.True(ledger.Record(Held(Reports[3], "s1")));
        Assert.Equal([3u], ledger.Release("s1", ledger.TakeCollectable("s1")));
        Assert.Equal(3, ledger.Succeeded);
        Assert.Equal([3u, 4u], ledger.Pending().Take(2));
    }

    private static JobLedger Ledger() => new(JobBooks.New(12), new EnsembleAccumulator(Spec));

    private static RealisationReport Held(RealisationReport report, string silo) =>
        report with { Silo = silo, Observables = null, Held = true, TargetValue = report.Observables![0] };

    private static EnsembleAccumulator Sums(params uint[] seeds)
    {
        var sums = new EnsembleAccumulator(Spec);
        foreach (uint i in seeds) sums.Add(Reports[i].Observables);
        return sums;
    }

    /// <summary>Asks <paramref name="silo"/> for everything it holds, which must be <paramref name="seeds"/>, and merges their sums.</summary>
    private static IReadOnlyList<uint> Merge(JobLedger ledger, string silo, uint[] seeds)
    {
        Assert.Equal(seeds.Order(), ledger.TakeCollectable(silo).Order());
        var sums = Sums(seeds);
        return ledger.Merge(silo, seeds, Partial(seeds), sums);
    }

    private static PartialSums Partial(uint[] seeds) => new(seeds, [], PartialSumsCodec.Encode(Sums(seeds)));
}
