using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>
/// Jobs on a real two-silo cluster produce exactly the estimates of a plain loop over the same
/// seeds — to the bit, whatever the dispatch window, silo count, completion order or retries.
/// </summary>
public sealed class JobExecutionTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    internal static readonly SimulationSpec Small = TestSpecs.Pairwise(2, 12, [[1.0, 2.0], [2.0, 1.0]], eta: 0.4, steps: 10,
        observables: new ObservablesSpec
        {
            Histogram = new HistogramSpec { Lower = [-2, -2], Upper = [2, 2], Bins = [4, 3] },
            TestFunctions = [new CosineMode { Wavevector = [1.0, 0.5] }, new GaussianBump { Centre = [0, 0], Width = 0.5 }],
        }) with { Time = new TimeGridSpec { Dt = 1e-3, Horizon = 1e-2, OutputTimes = [0.0, 5e-3, 1e-2] } };

    [Fact]
    public async Task JobOnTwoSilosEqualsAPlainLoopBitForBit()
    {
        var status = await Jobs.RunToEnd(cluster.Grains, "two-silos", Jobs.Submission(Small, 300));
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.Equal(300, status.Succeeded);
        var estimates = await cluster.Grains.GetGrain<IJobGrain>("two-silos").GetEstimates(new EstimateQuery());
        Assert.False(estimates.Partial);
        Jobs.AssertBitIdentical(Jobs.PlainLoop(Small, 300, 7).Estimates(), estimates.Rows);
    }

    [Fact]
    public async Task OneInFlightAndSixtyFourInFlightGiveTheSameBits()
    {
        await Jobs.RunToEnd(cluster.Grains, "window-1", Jobs.Submission(Small, 200, seed: 3, maxInFlight: 1));
        await Jobs.RunToEnd(cluster.Grains, "window-64", Jobs.Submission(Small, 200, seed: 3, maxInFlight: 64));
        var narrow = await cluster.Grains.GetGrain<IJobGrain>("window-1").GetEstimates(new EstimateQuery());
        var wide = await cluster.Grains.GetGrain<IJobGrain>("window-64").GetEstimates(new EstimateQuery());
        Jobs.AssertBitIdentical(narrow.Rows, wide.Rows);
    }

    [Fact]
    public async Task InfrastructureFaultsAreRetriedAndEachRealisationCountedOnce()
    {
        var status = await Jobs.RunToEnd(cluster.Grains, "faulty-retries", Jobs.Submission(Small, 100, seed: 5));
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.Equal(100, status.Succeeded);
        Assert.Equal(20, status.Retries); // every fifth realisation failed once
        var estimates = await cluster.Grains.GetGrain<IJobGrain>("faulty-retries").GetEstimates(new EstimateQuery());
        Assert.All(estimates.Rows, r => Assert.Equal(100, r.Count));
        Jobs.AssertBitIdentical(Jobs.PlainLoop(Small, 100, 5).Estimates(), estimates.Rows);
        var record = await cluster.Grains.GetGrain<IJobGrain>("faulty-retries").GetRealisation(10);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(RealisationState.Succeeded, record.State);
    }

    [Fact]
    public async Task NonFiniteRealisationsAreRecordedAsFailedAndExcludedFromTheEstimates()
    {
        // Two particles; a huge repulsion over one enormous step overflows to infinity exactly
        // when they start within eta of each other (about half the seeds); otherwise there is no
        // force at all and the positions stay ordinary.
        var spec = TestSpecs.Pairwise(1, 2, [[1e306]], eta: 1.0, sigma: 1e-30, dt: 1e10, steps: 1);
        var status = await Jobs.RunToEnd(cluster.Grains, "blow-ups", Jobs.Submission(spec, 60, seed: 11));
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.InRange(status.Failed, 1, 59);
        Assert.Equal(60, status.Succeeded + status.Failed);

        var job = cluster.Grains.GetGrain<IJobGrain>("blow-ups");
        var records = await job.GetRealisations(0, 60);
        Assert.All(records.Where(r => r.State == RealisationState.Failed), r => Assert.Contains("non-finite", r.FailureReason));
        var estimates = await job.GetEstimates(new EstimateQuery());
        Assert.All(estimates.Rows, r => Assert.Equal(status.Succeeded, r.Count));
        Assert.All(estimates.Rows.Where(r => r.Observable == "mean"), r => Assert.True(double.IsFinite(r.Mean)));
        Jobs.AssertBitIdentical(Jobs.PlainLoop(spec, 60, 11).Estimates(), estimates.Rows);
    }

    [Fact]
    public async Task ResubmittingTheSameJobIsIdempotentAndAConflictingOneIsRefused()
    {
        var submission = Jobs.Submission(Small, 50, seed: 9);
        await Jobs.RunToEnd(cluster.Grains, "idempotent", submission);
        var job = cluster.Grains.GetGrain<IJobGrain>("idempotent");
        // Same identity, different formatting of the same spec: still the same job.
        var again = await job.Submit(submission with { SpecJson = submission.SpecJson.Replace("\n", " ", StringComparison.Ordinal) });
        Assert.Equal(JobStatus.Completed, again.Status);
        Assert.Equal(50, again.Succeeded);
        Assert.All((await job.GetEstimates(new EstimateQuery())).Rows, r => Assert.Equal(50, r.Count));

        var conflict = await Assert.ThrowsAsync<JobRejectedException>(() => job.Submit(submission with { MasterSeed = 10 }));
        Assert.Equal("jobId", conflict.Field);
    }

    [Fact]
    public async Task AnInvalidSpecIsRefusedNamingTheField()
    {
        var bad = Jobs.Submission(Small, 10) with { SpecJson = SpecJson.Serialize(Small).Replace("\"eta\": 0.4", "\"eta\": -0.4", StringComparison.Ordinal) };
        var e = await Assert.ThrowsAsync<JobRejectedException>(() => cluster.Grains.GetGrain<IJobGrain>("invalid").Submit(bad));
        Assert.Equal("model.eta", e.Field);
        Assert.Null(await cluster.Grains.GetGrain<IJobGrain>("invalid").GetDefinition());
    }

    [Fact]
    public async Task CancelStopsDispatchAndKeepsThePartialEstimates()
    {
        var slow = TestSpecs.Pairwise(2, 400, [[1.0, 2.0], [2.0, 1.0]], steps: 50);
        var job = cluster.Grains.GetGrain<IJobGrain>("cancelled");
        await job.Submit(Jobs.Submission(slow, 5000, maxInFlight: 4));
        var cancelled = await job.Cancel();
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        var settled = await Jobs.WaitUntilFinished(job);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var later = await job.GetStatus();
        Assert.Equal(settled.Done, later.Done);
        // Nothing is launched after the cancel: what completes after it was in flight then, in the window of 4 or computed and
        // held in a silo's partial sums (which, in memory, hold no window slots).
        Assert.True(later.Done <= cancelled.Done + cancelled.InFlight,
            $"at most what was in flight at the cancel completes after it: {later.Done} done, "
            + $"{cancelled.Done} at the cancel with {cancelled.InFlight} in flight");
        Assert.True(later.Done < 5000 / 10, $"dispatch went on after the cancel: {later.Done} of 5000 done");
        Assert.Equal(0, later.InFlight);
        var estimates = await job.GetEstimates(new EstimateQuery { Observable = "mean" });
        Assert.False(estimates.Partial);
        Assert.All(estimates.Rows, r => Assert.Equal(later.Succeeded, r.Count));
    }

    [Fact]
    public async Task InFlightCountsTheSeedsHeldInPartialSumsAndSaysHowManyTheyAre()
    {
        var job = cluster.Grains.GetGrain<IJobGrain>("held-count");
        var status = await job.Submit(Jobs.Submission(Small, 3000, seed: 17));
        int mostHeld = 0, polls = 0;
        while (!status.IsFinished)
        {
            Assert.InRange(status.AwaitingCollection, 0, status.InFlight);
            mostHeld = Math.Max(mostHeld, status.AwaitingCollection);
            polls++;
            await Task.Delay(20, TestContext.Current.CancellationToken);
            status = await job.GetStatus();
        }
        Assert.Equal(0, status.AwaitingCollection);
        Assert.Equal(3000, status.Succeeded);
        // Realisations of microseconds are held in the silos' partial sums until a collect (every second): a running job has some.
        Assert.True(mostHeld > 0, $"no seed awaiting collection in {polls} polls of a running job");
        TestContext.Current.SendDiagnosticMessage($"[held] at most {mostHeld} seeds awaiting collection over {polls} polls");
    }

    [Fact]
    public async Task ATimedOutRealisationIsRetriedOnAFreshActivation()
    {
        var submission = Jobs.Submission(Small, 20, seed: 13) with { RealisationTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 3 };
        var status = await Jobs.RunToEnd(cluster.Grains, "stuck-timeout", submission);
        Assert.Equal(JobStatus.Completed, status.Status);
        Assert.Equal(20, status.Succeeded);
        var record = await cluster.Grains.GetGrain<IJobGrain>("stuck-timeout").GetRealisation(0);
        Assert.Equal(2, record.Attempts);
        Jobs.AssertBitIdentical(Jobs.PlainLoop(Small, 20, 13).Estimates(),
            (await cluster.Grains.GetGrain<IJobGrain>("stuck-timeout").GetEstimates(new EstimateQuery())).Rows);
    }

    [Theory]
    [InlineData(0, "maxAttempts")]
    [InlineData(256, "maxAttempts")]
    public async Task SubmissionLimitsAreRefusedNamingTheField(int maxAttempts, string field)
    {
        var e = await Assert.ThrowsAsync<JobRejectedException>(() =>
            cluster.Grains.GetGrain<IJobGrain>($"limits-{maxAttempts}").Submit(Jobs.Submission(Small, 5) with { MaxAttempts = maxAttempts }));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public async Task EstimateFiltersTakeSpeciesByNameOrIndexAndRefuseWhatTheJobDoesNotHave()
    {
        await Jobs.RunToEnd(cluster.Grains, "filters", Jobs.Submission(Small, 10, seed: 4));
        var job = cluster.Grains.GetGrain<IJobGrain>("filters");
        var byName = await job.GetEstimates(new EstimateQuery { Observable = "mean", Species = "s1", Time = 0.005 });
        var byIndex = await job.GetEstimates(new EstimateQuery { Observable = "mean", Species = "1", Time = 0.005 });
        Assert.Equal(2, byName.Rows.Length);
        Assert.Equal(byName.Rows, byIndex.Rows);
        Assert.Equal("observable", (await Assert.ThrowsAsync<JobRejectedException>(() => job.GetEstimates(new EstimateQuery { Observable = "meen" }))).Field);
        Assert.Equal("species", (await Assert.ThrowsAsync<JobRejectedException>(() => job.GetEstimates(new EstimateQuery { Species = "7" }))).Field);
        Assert.Equal("time", (await Assert.ThrowsAsync<JobRejectedException>(() => job.GetEstimates(new EstimateQuery { Time = 0.0031 }))).Field);
    }

    [Fact]
    public async Task UnknownJobIsReportedAsSuch()
    {
        var e = await Assert.ThrowsAsync<JobRejectedException>(() => cluster.Grains.GetGrain<IJobGrain>("never-submitted").GetStatus());
        Assert.Equal("jobId", e.Field);
    }
}

public sealed class SingleSiloTests(OneSiloCluster cluster) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task OneSiloGivesTheSameBitsAsAPlainLoop()
    {
        await Jobs.RunToEnd(cluster.Grains, "one-silo", Jobs.Submission(JobExecutionTests.Small, 300));
        var estimates = await cluster.Grains.GetGrain<IJobGrain>("one-silo").GetEstimates(new EstimateQuery());
        Jobs.AssertBitIdentical(Jobs.PlainLoop(JobExecutionTests.Small, 300, 7).Estimates(), estimates.Rows);
    }
}

public sealed class ResponsivenessTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public async Task StatusAndPartialEstimatesAnswerWhileTheJobRuns()
    {
        var heavy = TestSpecs.Pairwise(2, 600, [[1.0, 2.0], [2.0, 1.0]], steps: 40);
        var job = cluster.Grains.GetGrain<IJobGrain>("responsive");
        await job.Submit(Jobs.Submission(heavy, 400, maxInFlight: 8));
        JobStatusReport? midway = null;
        EstimatesReport? partial = null;
        while (true)
        {
            var status = await job.GetStatus();
            if (status.IsFinished) break;
            if (status.Done > 0 && status.InFlight > 0)
            {
                midway = status;
                partial = await job.GetEstimates(new EstimateQuery { Observable = "mean" });
                break;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.NotNull(midway);
        Assert.True(midway.Done < midway.Total, "the coordinator answered while realisations were still being computed");
        Assert.True(partial!.Partial);
        Assert.Equal(JobStatus.Running, partial.Status);
        await job.Cancel();
        await Jobs.WaitUntilFinished(job);
    }
}
