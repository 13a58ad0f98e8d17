using Ensemble.Reports.Data;
using Ensemble.Reports.Replay;
using Ensemble.Reports.Writing;
using Ensemble.Simulation.Costs;
using Ensemble.Tests.Support;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Reports;

/// <summary>
/// A job's report from a real (tiny) ensemble: its figures, report.md's links, and the seeds re-run for the spread
/// and the standard error against R.
/// </summary>
public sealed class JobReportTests : IDisposable
{
    private const ulong MasterSeed = 7;
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-report-").FullName;

    private static (JobReportInput Input, RealisationResult[] Results) Ensemble(SimulationSpec spec, int realisations)
    {
        var simulator = Simulator.Create(spec);
        var results = Enumerable.Range(0, realisations).Select(i => simulator.Run(new RealisationSeed(MasterSeed, (uint)i))).ToArray();
        var accumulator = new EnsembleAccumulator(spec);
        foreach (var result in results) accumulator.Add(result);
        string text = SpecJson.Serialize(spec);
        var replay = SeedReplay.Run(text, MasterSeed, realisations, i => results[i].Checksum);
        var limit = LimitTables.Of(simulator.Limits, LimitTables.SpeciesLabels(spec));
        return (new JobReportInput("tiny", text, MasterSeed, realisations, "completed", false, accumulator.Estimates().ToArray(), limit,
            replay.Spread, replay.StandardErrors), results);
    }

    [Fact]
    public void TheReportLinksEveryFigureOfEachKindAndEveryLinkedFileExists()
    {
        var (input, _) = Ensemble(ReportSamples.TinyWithLimit(), 16);
        // A figure from an older report that the new one does not draw must not stay behind, unlinked.
        Directory.CreateDirectory(Path.Combine(_folder, "figures"));
        File.WriteAllBytes(Path.Combine(_folder, "figures", "stale.png"), [1, 2, 3]);

        var folder = JobReport.Write(_folder, input);

        string[] linked = ReportLinks.AssertComplete(_folder);
        Assert.Contains(linked, l => l.StartsWith("figures/density-", StringComparison.Ordinal));
        Assert.Contains(linked, l => l.StartsWith("figures/moment-s0-mean-x", StringComparison.Ordinal));
        Assert.Contains("figures/standard-error-vs-r.png", linked);
        Assert.Equal(3 + 2 * 2 + 1, folder.Entries.Count);   // a 1D snapshot per time, mean and variance per species, se vs R
        foreach (string link in linked) Assert.Equal(1200, PngImage.Header(Path.Combine(_folder, link)).Width);
        string markdown = File.ReadAllText(Path.Combine(_folder, "report.md"));
        Assert.Contains(input.SpecText.TrimEnd(), markdown);
        Assert.Contains("| mean | s0 | 0.004 | x | 16 |", markdown);
        Assert.Contains("16 of 16 reproduced their recorded checksums", markdown);
        Assert.Contains("## Limit (PDE) moments", markdown);
        // Every figure is introduced by its sentence.
        foreach (var entry in folder.Entries) Assert.Contains(entry.Sentence + "\n\n![", markdown);
    }

    [Fact]
    public void TheSpreadAndTheStandardErrorsComeFromTheFirstSeedsInSeedOrder()
    {
        var spec = ReportSamples.Tiny();
        var (input, results) = Ensemble(spec, 20);
        var spread = input.Spread!;
        Assert.Equal(20, spread.Seeds);
        Assert.Equal(20, spread.Reproduced);
        var values = results.Select(r => r.Snapshots[^1].Species[0].Mean[0]).Order().ToArray();
        var row = spread.Find("mean", "s0", results[0].Snapshots[^1].Time, "x")!;
        Assert.Equal(SeedReplay.Quantile(values, 0.05), row.Lower);
        Assert.Equal(SeedReplay.Quantile(values, 0.95), row.Upper);
        Assert.True(row.Lower < row.Median && row.Median < row.Upper);

        // R = 8 and 16 (powers of two up to K = 20), each the estimate of exactly seeds 0..R-1.
        var series = input.StandardErrors.First(s => s.Observable == "mean");
        Assert.Equal([8L, 16L], series.Points.Select(p => p.Realisations));
        var first16 = new EnsembleAccumulator(spec);
        foreach (var result in results.Take(16)) first16.Add(result);
        var expected = first16.Estimates().Single(r => r.Observable == "mean" && r.Species == "s0" && r.Component == "x" && r.Time == series.Time);
        Assert.Equal(expected.StandardError, series.Points[1].StandardError);
        Assert.Equal(expected.Mean, series.Points[1].Mean);
    }

    [Fact]
    public void ASlowRecordedLimitSkipsTheDefaultReplayAndSaysWhyButAnExplicitCountRunsIt()
    {
        string spec = SpecJson.Serialize(ReportSamples.Tiny());
        var replay = SeedReplay.RunForReport(spec, MasterSeed, 100, seeds: null, setupSeconds: 60);
        Assert.Null(replay.Spread);
        Assert.Empty(replay.StandardErrors);
        Assert.Contains("solving the job's limit took 60.0 s", replay.Note);

        var asked = SeedReplay.RunForReport(spec, MasterSeed, 100, seeds: 12, setupSeconds: 60);
        Assert.Equal(12, asked.Spread!.Seeds);
        Assert.Null(asked.Note);
        Assert.Null(SeedReplay.RunForReport(spec, MasterSeed, 100, seeds: 0, setupSeconds: 0).Spread);

        var cheap = SeedReplay.RunForReport(spec, MasterSeed, 100, seeds: null, setupSeconds: 0);
        Assert.Equal(64, cheap.Spread!.Seeds);
        Assert.Null(cheap.Note);
    }

    [Fact]
    public void TheDefaultSeedCountIsAFigureOfTheSpecAndRAloneNotOfThisMachinesClock()
    {
        var tiny = ReportSamples.Tiny();
        Assert.Equal(64, SeedReplay.DefaultSeeds(tiny, 1000));
        Assert.Equal(10, SeedReplay.DefaultSeeds(tiny, 10));
        // 20 s of one core at the nominal 5e6 particle-steps/s: a realisation of 100,000 particles and 100 steps costs 2 s.
        var heavy = TestSpecs.Pairwise(1, 100_000, [[0.5]], eta: 0.4, steps: 100);
        Assert.Equal(2.0, JobCost.Of(heavy, 1).NominalSecondsPerRealisation, 12);
        Assert.Equal(10, SeedReplay.DefaultSeeds(heavy, 1000));
    }

    [Fact]
    public void AtMost64SeedsAreRerunAndAWrongRecordIsNotCountedAsReproduced()
    {
        var replay = SeedReplay.Run(SpecJson.Serialize(ReportSamples.Tiny()), MasterSeed, 1000, i => i == 3 ? 12345UL : null);
        Assert.Equal(64, replay.Spread!.Seeds);
        Assert.Equal(0, replay.Spread.Reproduced);
        Assert.Equal([8L, 16L, 32L, 64L], replay.StandardErrors[0].Points.Select(p => p.Realisations));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
