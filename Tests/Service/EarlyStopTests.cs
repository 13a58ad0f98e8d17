using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>
/// Early stop at a target standard error on real clusters: the estimates are the fold of seeds
/// 0 .. R' - 1 for the smallest R' &gt;= minRealisations meeting the target, the same R' and the same
/// bits on one silo and two and for any in-flight window, whatever order realisations complete in.
/// </summary>
public sealed class EarlyStopTests(OneSiloCluster one, TwoSiloCluster two) : IClassFixture<OneSiloCluster>, IClassFixture<TwoSiloCluster>
{
    private const int R = 64;
    private const ulong Seed = 7;
    private const double Horizon = 1e-2;

    private static readonly StopSpec Rule = new() { Observable = "mean", Species = "s0", Time = Horizon, Component = "x", MinRealisations = 16 };

    /// <summary>The uncapped prefix estimates of the rule's scalar, computed once for the tests of this class.</summary>
    private static readonly Lazy<PrefixOracle> Oracle =
        new(() => PrefixOracle.For(JobExecutionTests.Small with { Stop = Rule with { TargetSe = 1 } }, R, Seed));

    [Fact]
    public async Task TheStopPrefixIsTheSameOnOneAndTwoSilosForEveryWindowAndEqualsAnIndependentFold()
    {
        // The target is the se of the fold of 48 seeds, so the rule is met at some R' in [16, 48], well before R.
        var spec = JobExecutionTests.Small with { Stop = Rule with { TargetSe = Oracle.Value.At(48).StandardError } };
        int expected = Oracle.Value.FirstMeeting(16, spec.Stop!.TargetSe, null)!.Value;
        Assert.InRange(expected, 16, 48);
        var local = Jobs.PlainLoop(spec, expected, Seed);

        // "stuck-": seed 0 hangs 5 s on its first attempt, so every other seed of the window completes before it.
        var runs = new (IGrainFactory Grains, string Job, int Window)[]
        {
            (one.Grains, "stop-one-w1", 1), (one.Grains, "stop-one-w7", 7), (two.Grains, "stop-two-w3", 3), (two.Grains, "stuck-stop-two-w64", 64),
        };
        foreach (var (grains, jobId, window) in runs)
        {
            var status = await Jobs.RunToEnd(grains, jobId, Jobs.Submission(spec, R, Seed, maxInFlight: window));
            Assert.Equal(JobStatus.Completed, status.Status);
            Assert.Equal(expected, status.StoppedAt);
            Assert.Equal(expected, status.Succeeded + status.Failed);
            Assert.Contains($"stopped early: target met at R' = {expected}", status.Message);
            var job = grains.GetGrain<IJobGrain>(jobId);
            var estimates = await job.GetEstimates(new EstimateQuery());
            Jobs.AssertBitIdentical(local.Estimates(), estimates.Rows);
            var records = await job.GetRealisations(0, R);
            var simulator = Ensemble.Simulation.Engine.Simulator.Create(spec);
            for (uint i = 0; i < R; i++)
            {
                if (i < expected) Assert.Equal(simulator.Run(new Ensemble.Simulation.Engine.RealisationSeed(Seed, i)).Checksum, records[i].Checksum);
                else Assert.Equal(RealisationState.Pending, records[i].State); // beyond R': never recorded, not part of the result
            }
            var history = await job.GetPrefixHistory();
            Oracle.Value.AssertHistory(history, expected);
            Assert.Equal(expected, history!.StoppedAt);
            Assert.Equal((16, spec.Stop.TargetSe), (history.MinRealisations, history.TargetSe));
        }
    }

    [Fact]
    public async Task ARelativeTargetStopsWhereTheIndependentFoldFirstMeetsIt()
    {
        var at40 = Oracle.Value.At(40);
        double relative = at40.StandardError / Math.Abs(at40.Mean);
        var spec = JobExecutionTests.Small with { Stop = Rule with { RelativeSe = relative } };
        int expected = Oracle.Value.FirstMeeting(16, null, relative)!.Value;
        var status = await Jobs.RunToEnd(two.Grains, "stop-relative", Jobs.Submission(spec, R, Seed, maxInFlight: 5));
        Assert.Equal(expected, status.StoppedAt);
        Jobs.AssertBitIdentical(Jobs.PlainLoop(spec, expected, Seed).Estimates(),
            (await two.Grains.GetGrain<IJobGrain>("stop-relative").GetEstimates(new EstimateQuery())).Rows);
    }

    [Fact]
    public async Task ATargetNeverMetRunsToRAndSaysSo()
    {
        const int realisations = 24;
        var spec = JobExecutionTests.Small with { Stop = Rule with { TargetSe = 1e-12, MinRealisations = 8 } };
        var status = await Jobs.RunToEnd(two.Grains, "stop-never", Jobs.Submission(spec, realisations, Seed, maxInFlight: 6));
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.Null(status.StoppedAt);
        Assert.Equal(realisations, status.Succeeded);
        Assert.Contains("target not met", status.Message);
        Assert.Contains($"R = {realisations}", status.Message);
        var job = two.Grains.GetGrain<IJobGrain>("stop-never");
        Jobs.AssertBitIdentical(Jobs.PlainLoop(spec, realisations, Seed).Estimates(), (await job.GetEstimates(new EstimateQuery())).Rows);
        var history = await job.GetPrefixHistory();
        Oracle.Value.AssertHistory(history, realisations);
        Assert.Null(history!.StoppedAt);
    }

    [Fact]
    public async Task WithoutAStopRuleTheHistoryFollowsTheFirstSpeciesMeanXAtTheLastTime()
    {
        const int realisations = 20;
        var status = await Jobs.RunToEnd(two.Grains, "history-default", Jobs.Submission(JobExecutionTests.Small, realisations, Seed, maxInFlight: 4));
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.Null(status.StoppedAt);
        Assert.Null(status.Message);
        var history = await two.Grains.GetGrain<IJobGrain>("history-default").GetPrefixHistory();
        Assert.NotNull(history);
        Assert.Equal(("mean", "s0", "x"), (history.Observable, history.Species, history.Component));
        Assert.Equal(Horizon, history.Time, 12);
        Assert.Null(history.MinRealisations);
        Oracle.Value.AssertHistory(history, realisations);
    }
}
