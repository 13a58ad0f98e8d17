using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Dispatch;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// The dispatch loop with realisations held on their silos: partials are collected by count, on the interval and at the end,
/// and a silo that dies with an unsent partial loses nothing: its seeds are computed again and every seed counts once.
/// </summary>
public sealed class PartialDispatchTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task PartialsCollectedByCountAndAtTheEndGiveThePlainLoopsBits()
    {
        var job = new JobHarness(40, new DispatchSettings(6, 3, Long), spec: JobHarness.Spec);
        var silos = new HeldSilos(job, 3, JobHarness.Spec);
        var outcome = await job.RunAsync(silos.Run, TestContext.Current.CancellationToken, partials: silos.Collection(flushRealisations: 5, Never));
        Assert.Equal(DispatchOutcome.Ended, outcome);

        Assert.Equal(40, job.Ledger.Succeeded);
        Assert.Equal(0, job.Ledger.Awaiting);
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(JobHarness.Spec, 40, job.Seed).ToState(), job.Ledger.Accumulator.ToState());
        // By count (at 5) while it ran, whatever was left when nothing else ran: far fewer partials than realisations.
        Assert.InRange(silos.Collects.Count, 3, 40 / 5 + 3);
        Assert.All(silos.Collects.SkipLast(3), c => Assert.True(c.Seeds.Length >= 5, $"{c.Silo}: {c.Seeds.Length} seeds"));
        Assert.Equal(40, silos.Collects.Sum(c => c.Seeds.Length));
    }

    [Fact]
    public async Task PartialsAreCollectedOnTheIntervalWhileSeedsStillRun()
    {
        var job = new JobHarness(30, new DispatchSettings(2, 3, Long), spec: JobHarness.Spec);
        var silos = new HeldSilos(job, 2, JobHarness.Spec);
        int collectedBeforeTheEnd = 0;
        async Task<RealisationReport> Slow(uint index, int attempt, CancellationToken cancellation)
        {
            await Task.Delay(20, cancellation);
            if (index == 29) collectedBeforeTheEnd = silos.Collects.Sum(c => c.Seeds.Length);
            return await silos.Run(index, attempt, cancellation);
        }
        await job.RunAsync(Slow, TestContext.Current.CancellationToken, partials: silos.Collection(flushRealisations: 1000, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(30, job.Ledger.Succeeded);
        Assert.True(collectedBeforeTheEnd > 0, "nothing was collected on the interval before the last seed ran");
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(JobHarness.Spec, 30, job.Seed).ToState(), job.Ledger.Accumulator.ToState());
    }

    [Fact]
    public async Task ASiloKilledWithAnUnsentPartialLosesNothingAndCountsNothingTwice()
    {
        var job = new JobHarness(40, new DispatchSettings(6, 3, Long), spec: JobHarness.Spec);
        var silos = new HeldSilos(job, 3, JobHarness.Spec);
        int reported = 0;
        string Alive(uint index, int attempt) => $"s{(index + (uint)attempt - 1) % 3}" is var s && s == "s1" && reported >= 20 ? "s2" : s;
        silos.Placement = Alive;
        async Task<RealisationReport> KillingS1(uint index, int attempt, CancellationToken cancellation)
        {
            var report = await silos.Run(index, attempt, cancellation);
            if (++reported == 20) silos.Kill("s1");
            return report;
        }
        // Never flushed by count or time: everything s1 computed is still in its partial when it dies.
        await job.RunAsync(KillingS1, TestContext.Current.CancellationToken, partials: silos.Collection(flushRealisations: 1000, Never));

        Assert.NotEmpty(silos.LostWithSilos);
        Assert.Equal(40, job.Ledger.Succeeded);
        Assert.Equal(0, job.Ledger.Failed + job.Ledger.Abandoned);
        Assert.Equal(40, job.Ledger.Accumulator.Count);
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(JobHarness.Spec, 40, job.Seed).ToState(), job.Ledger.Accumulator.ToState());
        Assert.Equal(0, silos.HeldBy("s0") + silos.HeldBy("s2"));
    }

    [Fact]
    public async Task AnEarlyStopWithPartialsStopsAtTheSameRPrimeWithTheSameBitsEvenWhenASiloDiesAtTheStop()
    {
        var spec = JobHarness.Spec with
        {
            Stop = new StopSpec { Observable = "mean", Species = "s0", Time = 1e-2, Component = "x", TargetSe = 1e9, MinRealisations = 9 },
        };
        var direct = new JobHarness(40, new DispatchSettings(5, 3, Long), spec: spec);
        await direct.RunAsync((i, _, _) => direct.ComputeElsewhere(i), TestContext.Current.CancellationToken);
        Assert.Equal(9, direct.Ledger.Prefix!.StoppedAt);

        var job = new JobHarness(40, new DispatchSettings(5, 3, Long), spec: spec);
        var silos = new HeldSilos(job, 2, spec);
        int reported = 0;
        silos.Placement = (index, attempt) => reported >= 9 ? "s0" : $"s{index % 2}";
        async Task<RealisationReport> KillingS1AtTheStop(uint index, int attempt, CancellationToken cancellation)
        {
            var report = await silos.Run(index, attempt, cancellation);
            if (++reported == 9) silos.Kill("s1");
            return report;
        }
        await job.RunAsync(KillingS1AtTheStop, TestContext.Current.CancellationToken, partials: silos.Collection(flushRealisations: 1000, Never));

        Assert.NotEmpty(silos.LostWithSilos);
        Assert.Equal(9, job.Ledger.Prefix!.StoppedAt);
        Assert.Equal(9, job.Ledger.Succeeded);
        Assert.Equal(direct.Ledger.Accumulator.ToState(), job.Ledger.Accumulator.ToState());
        Assert.Equal(direct.Ledger.Books.Checksums, job.Ledger.Books.Checksums);
    }

    [Fact]
    public async Task WithAStoreThatAllowsNothingUnsavedHeldSeedsKeepTheirWindowSlotsSoACrashStillRecomputesAtMostTheWindow()
    {
        var store = new RecordingStore(new BookStoreRules { UnsavedAllowance = 0 }) { SaveDelay = TimeSpan.FromMilliseconds(5) };
        var job = new JobHarness(60, new DispatchSettings(8, 3, Long), store, spec: JobHarness.Spec);
        var silos = new HeldSilos(job, 2, JobHarness.Spec);
        int worst = 0;
        async Task<RealisationReport> Watching(uint index, int attempt, CancellationToken cancellation)
        {
            // What a crash now would lose: in flight, held on silos, recorded and not saved.
            worst = Math.Max(worst, job.Ledger.InFlight + job.Ledger.Unsaved);
            return await silos.Run(index, attempt, cancellation);
        }
        await job.RunAsync(Watching, TestContext.Current.CancellationToken, partials: silos.Collection(flushRealisations: 1000, Never));

        Assert.Equal(60, job.Ledger.Succeeded);
        Assert.InRange(worst, 1, 8);
        Assert.True(silos.Collects.Count > 2, "held seeds were not collected as the window filled");
        Assert.Equal(Ensemble.Tests.Service.Jobs.PlainLoop(JobHarness.Spec, 60, job.Seed).ToState(), job.Ledger.Accumulator.ToState());
    }
    [Fact]
    public async Task StoppedWithSeedsHeldAndUncollectedTheLoopYieldsSoItsCancelledAttemptsCanEnd()
    {
        // One thread at a time, as a grain's scheduler: a cancelled attempt ends only when that thread is free to run
        // its continuation, so a loop that spins on the stopped flush timer without yielding never ends.
        var grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var job = new JobHarness(40, new DispatchSettings(4, 3, Long), spec: JobHarness.Spec);
        var silos = new HeldSilos(job, 2, JobHarness.Spec);
        using var stop = new CancellationTokenSource();
        int reported = 0;
        async Task<RealisationReport> HangingAfterFive(uint index, int attempt, CancellationToken cancellation)
        {
            if (Interlocked.Increment(ref reported) <= 5) return await silos.Run(index, attempt, cancellation);
            if (reported == 8) stop.Cancel(); // the activation goes away with held seeds nobody has asked for
            await Task.Delay(Timeout.Infinite, cancellation);
            throw new InvalidOperationException("not reached");
        }
        var run = Task.Factory.StartNew(() => job.RunAsync(HangingAfterFive, stop.Token, silos.Collection(flushRealisations: 1000,
            TimeSpan.FromMilliseconds(20))), CancellationToken.None, TaskCreationOptions.None, grainLike).Unwrap();

        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(DispatchOutcome.Stopped, outcome);
        Assert.True(job.Ledger.Awaiting > 0, "no seed was held and uncollected when the activation went away");
    }
}
