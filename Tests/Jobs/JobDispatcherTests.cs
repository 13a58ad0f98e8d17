using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Errors;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The dispatch loop on its own: window, exactly-once fold, bounded retries, timeouts, cancellation — no cluster.</summary>
public sealed class JobDispatcherTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public Task TheWindowIsNeverExceededAndIsFilled() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(80, new DispatchSettings(MaxInFlight: 6, MaxAttempts: 3, Long));
        int running = 0, most = 0;
        var outcome = await job.RunAsync(async (index, _, cancellation) =>
        {
            most = Math.Max(most, ++running);
            await Task.Delay(1 + (int)(index % 4), cancellation);
            var report = await job.ComputeElsewhere(index);
            running--;
            return report;
        });
        Assert.Equal(DispatchOutcome.Ended, outcome);
        Assert.Equal(6, most);
        Assert.Equal(80, job.Ledger.Succeeded);
        Assert.Equal(0, job.Ledger.InFlight);
    });

    [Fact]
    public Task UnderInjectedFaultsEachSeedIsFoldedOnceAndTheBitsEqualAPlainLoop() => SingleThreadedContext.RunAsync(async () =>
    {
        const int realisations = 60;
        var job = new JobHarness(realisations, new DispatchSettings(8, 4, TimeSpan.FromMilliseconds(300)));
        var late = new List<Task>();
        async Task ReportLate(uint index)
        {
            await Task.Delay(50);
            job.Ledger.Record(job.Compute(index));
        }
        var outcome = await job.RunAsync(async (index, attempt, cancellation) =>
        {
            await Task.Yield();
            if (index % 5 == 0 && attempt == 1) throw new InvalidOperationException("injected fault");
            if (index % 7 == 1 && attempt == 1)
            {
                // Times out, then reports anyway: the late report must not be folded a second time.
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                    late.Add(ReportLate(index));
                    throw;
                }
            }
            if (index % 11 == 2 && attempt < 3) throw new IOException("injected transient fault");
            return await job.ComputeElsewhere(index);
        });
        await Task.WhenAll(late);
        Assert.Equal(DispatchOutcome.Ended, outcome);
        Assert.Equal(realisations, job.Ledger.Succeeded);
        Assert.Equal(realisations, job.Ledger.Accumulator.Count);
        Assert.True(job.Ledger.Books.DuplicateReports >= late.Count, "late reports were recognised as duplicates");
        Assert.Equal(2, job.Ledger.Attempts(0));
        Assert.Equal(2, job.Ledger.Attempts(1));
        Assert.Equal(3, job.Ledger.Attempts(2));
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(JobHarness.Spec, realisations, job.Seed).Estimates(), job.Ledger.Accumulator.Estimates());
    });

    [Fact]
    public Task CallsThatNeverReachAWorkerAreSentAgainAfterABackOffAndAreNotCountedAsAttempts() => SingleThreadedContext.RunAsync(async () =>
    {
        // As while a dead silo is not yet declared dead: every seed's first five calls fail before reaching a worker, more
        // than MaxAttempts (3), so counting them would abandon every seed.
        const int realisations = 12;
        var job = new JobHarness(realisations, new DispatchSettings(4, 3, Long));
        var calls = new Dictionary<uint, List<TimeSpan>>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await job.RunAsync(async (index, attempt, _) =>
        {
            await Task.Yield();
            var mine = calls.TryGetValue(index, out var c) ? c : calls[index] = [];
            mine.Add(clock.Elapsed);
            Assert.Equal(1, attempt);
            if (mine.Count <= 5) throw new RealisationNotDeliveredException("could not be addressed", new IOException("connection refused"));
            return await job.ComputeElsewhere(index);
        });
        Assert.Equal(DispatchOutcome.Ended, outcome);
        Assert.Equal(realisations, job.Ledger.Succeeded);
        Assert.All(Enumerable.Range(0, realisations), i => Assert.Equal(1, job.Ledger.Attempts((uint)i)));
        Assert.Equal(0, job.Ledger.Books.Retries);
        // Backed off 50, 100, 200, 400, 800 ms: the sixth call comes at least 1.5 s after the first.
        Assert.All(calls.Values, c => Assert.True(c[5] - c[0] >= TimeSpan.FromMilliseconds(1500), $"sixth call after {c[5] - c[0]}"));
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(JobHarness.Spec, realisations, job.Seed).Estimates(), job.Ledger.Accumulator.Estimates());
    });

    [Fact]
    public Task ASeedWhoseAttemptsWereUsedUpBeforeARestartIsAbandonedNotRunAgain() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(6, new DispatchSettings(4, MaxAttempts: 2, Long));
        // As reloaded after a whole-cluster restart: seed 2 used both attempts, seed 4 one of them.
        job.Ledger.BeginAttempt(2);
        job.Ledger.BeginAttempt(2);
        job.Ledger.BeginAttempt(4);
        var launched = new List<(uint Index, int Attempt)>();
        await job.RunAsync(async (index, attempt, _) =>
        {
            launched.Add((index, attempt));
            return await job.ComputeElsewhere(index);
        });
        Assert.DoesNotContain(launched, l => l.Index == 2);
        Assert.Contains((4u, 2), launched);
        Assert.Equal(5, job.Ledger.Succeeded);
        var record = job.Ledger.Describe(2);
        Assert.Equal(RealisationState.Abandoned, record.State);
        Assert.Contains("gave up after 2 attempts", record.FailureReason);
    });

    [Fact]
    public Task RetriesAreBoundedAndARealisationThatNeverSucceedsIsAbandonedWithItsReason() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(10, new DispatchSettings(4, MaxAttempts: 3, Long));
        int attemptsAt5 = 0;
        await job.RunAsync(async (index, _, _) =>
        {
            await Task.Yield();
            if (index != 5) return await job.ComputeElsewhere(index);
            attemptsAt5++;
            throw new InvalidOperationException("this silo is on fire");
        });
        Assert.Equal(3, attemptsAt5);
        Assert.Equal(9, job.Ledger.Succeeded);
        Assert.Equal(1, job.Ledger.Abandoned);
        var record = job.Ledger.Describe(5);
        Assert.Equal(RealisationState.Abandoned, record.State);
        Assert.Contains("gave up after 3 attempts", record.FailureReason);
        Assert.Contains("this silo is on fire", record.FailureReason);
        Assert.Equal(2, job.Ledger.Books.Retries);
    });

    [Fact]
    public Task AnAttemptPastItsDeadlineIsCancelledAndRetriedOnAFreshAttempt() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(5, new DispatchSettings(2, 3, TimeSpan.FromMilliseconds(200)));
        bool firstAttemptCancelled = false;
        await job.RunAsync(async (index, attempt, cancellation) =>
        {
            if (index == 0 && attempt == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                    firstAttemptCancelled = true;
                    throw;
                }
            }
            return await job.ComputeElsewhere(index);
        });
        Assert.True(firstAttemptCancelled);
        Assert.Equal(2, job.Ledger.Attempts(0));
        Assert.Equal(5, job.Ledger.Succeeded);
    });

    [Fact]
    public Task ACancelledJobDispatchesNothingMoreAndDrainsWhatIsInFlight() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(500, new DispatchSettings(4, 3, Long));
        int launched = 0, launchedAtCancel = -1;
        var outcome = await job.RunAsync(async (index, _, cancellation) =>
        {
            launched++;
            if (launched == 20)
            {
                job.Lifecycle.Cancel();
                launchedAtCancel = launched;
            }
            await Task.Delay(2, cancellation);
            return await job.ComputeElsewhere(index);
        });
        Assert.Equal(DispatchOutcome.Ended, outcome);
        Assert.Equal(20, launchedAtCancel);
        Assert.Equal(launchedAtCancel, launched);
        Assert.Equal(launched, job.Ledger.Succeeded); // what was in flight still folded in
        Assert.Equal(0, job.Ledger.InFlight);
    });

    [Fact]
    public Task StoppingLeavesWhatIsInFlightPendingForTheNextActivation() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(50, new DispatchSettings(4, 3, Long));
        using var stop = new CancellationTokenSource();
        var run = job.RunAsync(async (index, _, cancellation) =>
        {
            await Task.Delay(index >= 8 ? Timeout.Infinite : 1, cancellation);
            return await job.ComputeElsewhere(index);
        }, stop.Token);
        while (!(job.Ledger.Succeeded == 8 && job.Ledger.InFlight == 4)) await Task.Delay(5);
        stop.Cancel();
        var outcome = await run;
        Assert.Equal(DispatchOutcome.Stopped, outcome);
        Assert.Equal(8, job.Ledger.Succeeded);
        Assert.Equal(0, job.Ledger.Abandoned);
        Assert.Equal(42, job.Ledger.Pending().Count());
        Assert.True(job.Ledger.IsPending(9), "a call cancelled by the stop is not a failed attempt");
    });

    [Fact]
    public Task WithADurableStoreUnsavedRealisationsHoldTheirSlotsInTheWindow() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(new BookStoreRules { UnsavedAllowance = 0 }) { SaveDelay = TimeSpan.FromMilliseconds(15) };
        var job = new JobHarness(120, new DispatchSettings(MaxInFlight: 8, 3, Long), store);
        int worst = await RunCountingWhatIsNotSaved(job);
        Assert.InRange(worst, 1, 8);
        Assert.Equal(120, store.Saved.Count);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (uint)i), store.Saved.Order());
        Assert.True(store.Saves >= 120 / 8, $"no save took more than a window ({store.Saves} saves)");
        Assert.False(store.Overlapped, "saves run one after another");
    });

    [Fact]
    public Task AnAdaptiveWindowGrowsWhileRealisationsWaitOnCommitsAndStillBoundsWhatIsUnsaved() =>
        SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(new BookStoreRules { UnsavedAllowance = 0 }) { SaveDelay = TimeSpan.FromMilliseconds(15) };
        var job = new JobHarness(400, new DispatchSettings(MaxInFlight: 8, 3, Long, AdaptiveWindow: true), store);
        int worst = await RunCountingWhatIsNotSaved(job);
        var window = job.Dispatcher!.Window;
        Assert.True(window.Current > 8, $"the window stayed {window.Current} though realisations waited on 15 ms commits");
        Assert.InRange(worst, 1, window.Current);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (uint)i), store.Saved.Order());
        Assert.False(store.Overlapped, "saves run one after another");
    });

    /// <summary>Runs the job to its end and a last save; the most realisations that were running or unsaved at once.</summary>
    private static async Task<int> RunCountingWhatIsNotSaved(JobHarness job)
    {
        int running = 0, worst = 0;
        await job.RunAsync(async (index, _, _) =>
        {
            worst = Math.Max(worst, ++running + job.Ledger.Unsaved);
            var report = await job.ComputeElsewhere(index);
            running--;
            return report;
        });
        await job.Checkpoints.Save(force: true);
        return worst;
    }

    [Fact]
    public Task ARefusalFromARealisationIsNotRetriedButEndsTheLoop() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(10, new DispatchSettings(2, 5, Long));
        var e = await Assert.ThrowsAsync<JobRejectedException>(() => job.RunAsync(async (index, _, _) =>
        {
            await Task.Yield();
            return index == 3 ? throw new JobRejectedException(ErrorKind.InvalidSpec, "spec", "refused") : await job.ComputeElsewhere(index);
        }, TestContext.Current.CancellationToken));
        Assert.Equal("spec", e.Field);
        Assert.Equal(1, job.Ledger.Attempts(3));
        Assert.Equal(0, job.Ledger.InFlight);
    });
}
