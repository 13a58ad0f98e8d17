using System.Diagnostics;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The checkpoint writer on its own: queued saves, back-off, records never lost, grain state never ahead of the books.</summary>
public sealed class CheckpointWriterTests
{
    private static readonly DispatchSettings Settings = new(4, 3, TimeSpan.FromMinutes(5));

    private static BookStoreRules Durable => new() { UnsavedAllowance = 0, EstimatesInterval = TimeSpan.FromHours(1) };

    [Fact]
    public Task ForcedSavesQueueOneBehindAnotherAndEachTakesItsSnapshotWhenItsTurnComes() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable) { SaveDelay = TimeSpan.FromMilliseconds(30) };
        var job = new JobHarness(10, Settings, store);
        job.Ledger.Record(job.Compute(0));
        var first = job.Checkpoints.Save(force: true);
        job.Ledger.Record(job.Compute(1)); // recorded while the first save is being written
        var second = job.Checkpoints.Save(force: true);
        Assert.True(job.Checkpoints.Saving);
        await Task.WhenAll(first, second);
        Assert.False(store.Overlapped);
        Assert.Equal(2, store.Saves);
        Assert.Equal([0u, 1u], store.Saved);
        Assert.Equal([0u], store.Checkpoints[0].Recorded.Select(r => r.Index));
        Assert.Equal(1, store.Checkpoints[0].Folded);
        Assert.Equal(2, store.Checkpoints[1].Folded);
        Assert.Equal(0, job.Ledger.Unsaved);
    });

    [Fact]
    public Task PeriodicSavesComeAtMostOncePerInterval() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable);
        var job = new JobHarness(10, Settings, store, new CheckpointOptions { Interval = TimeSpan.FromHours(1) });
        await job.Checkpoints.Save(force: false);
        await job.Checkpoints.Save(force: false);
        await job.Checkpoints.Save(force: false);
        Assert.Equal(1, store.Saves);
        await job.Checkpoints.Save(force: true);
        Assert.Equal(2, store.Saves);
    });

    [Fact]
    public Task AFailedSavePutsItsRecordsBackAndTheNextOneWaitsLonger() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable) { FailNext = 3 };
        var options = new CheckpointOptions { RetryDelay = TimeSpan.FromMilliseconds(40), MaxRetryDelay = TimeSpan.FromMilliseconds(100) };
        var job = new JobHarness(10, Settings, store, options);
        for (uint i = 0; i < 3; i++) job.Ledger.Record(job.Compute(i));
        var clock = Stopwatch.StartNew();
        for (int failure = 1; failure <= 3; failure++)
        {
            await Assert.ThrowsAsync<IOException>(() => job.Checkpoints.Save(force: true));
            Assert.Equal(3, job.Ledger.Unsaved); // back in the queue, nothing lost
        }
        job.Ledger.Record(job.Compute(3));
        await job.Checkpoints.Save(force: true);
        // Waits before the 2nd, 3rd and 4th saves: 40 + 80 + 100 (capped) ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(0.9 * 220), $"back-off too short: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal([0u, 1u, 2u, 3u], store.Saved);
        Assert.Equal(0, job.Ledger.Unsaved);
        Assert.Equal(3, store.Failures);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.DelayAfter(10));
        Assert.Equal(TimeSpan.Zero, options.DelayAfter(0));
    });

    [Fact]
    public Task GrainStateIsWrittenOnlyForASummaryTheBooksAlreadyHold() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable);
        var job = new JobHarness(10, Settings, store);
        await job.Checkpoints.Save(force: true);
        Assert.Equal(1, job.StateWrites); // the first summary
        Assert.True(job.Checkpoints.StorageKnows(job.State.Summarise()));

        // The status moves on while the books are being written: that save must not write grain
        // state (it would record a status the tables do not have yet).
        store.DuringSave = () => job.State.Cancel();
        job.Ledger.Record(job.Compute(0));
        await job.Checkpoints.Save(force: true);
        store.DuringSave = null;
        Assert.Equal(1, job.StateWrites);
        Assert.False(job.Checkpoints.StorageKnows(job.State.Summarise()));
        Assert.Equal(JobStatus.Running, store.Summaries[^1].Status);

        await job.Checkpoints.Save(force: true);
        Assert.Equal(2, job.StateWrites);
        Assert.Equal(JobStatus.Cancelled, store.Summaries[^1].Status);
        Assert.True(job.Checkpoints.StorageKnows(job.State.Summarise()));

        await job.Checkpoints.Save(force: true); // nothing changed: the tables only
        Assert.Equal(2, job.StateWrites);
    });

    [Fact]
    public Task AStoreWhoseBooksRideInGrainStateGetsGrainStateWrittenEveryTime() => SingleThreadedContext.RunAsync(async () =>
    {
        var job = new JobHarness(10, Settings); // the grain-state store
        job.Ledger.Record(job.Compute(0));
        await job.Checkpoints.Save(force: true);
        await job.Checkpoints.Save(force: true);
        Assert.Equal(2, job.StateWrites);
        Assert.Same(job.Ledger.Books, job.State.Books);
        Assert.NotNull(job.State.Books!.Accumulator);
    });

    [Fact]
    public Task EstimatesTravelOnlyWhenTheStoreAsksAndAlwaysWithTheFinalState() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable);
        var job = new JobHarness(2, Settings, store);
        job.Ledger.Record(job.Compute(0));
        await job.Checkpoints.Save(force: true); // the first: estimates are due
        await job.Checkpoints.Save(force: true); // within the hour: not due
        job.Ledger.Record(job.Compute(1));
        job.State.Conclude(job.Ledger, DateTimeOffset.UtcNow);
        await job.Checkpoints.Save(force: true); // final: always
        Assert.Equal([true, false, true], store.Checkpoints.Select(c => c.Estimates is not null));
        Assert.All(store.Checkpoints[2].Estimates!, e => Assert.Equal(2, e.Count));

        var never = new RecordingStore(new BookStoreRules { EstimatesInterval = null });
        var other = new JobHarness(1, Settings, never);
        other.Ledger.Record(other.Compute(0));
        other.State.Conclude(other.Ledger, DateTimeOffset.UtcNow);
        await other.Checkpoints.Save(force: true);
        Assert.Null(never.Checkpoints.Single().Estimates);
    });

    [Fact]
    public Task TheFinalSaveGivesUpAfterItsAttemptsAndLeavesTheRestToTheReminder() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable) { FailNext = 100 };
        var options = new CheckpointOptions { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(2), FinalSaveAttempts = 4 };
        var job = new JobHarness(1, Settings, store, options);
        job.State.Conclude(job.Ledger, DateTimeOffset.UtcNow);
        Assert.False(await job.Checkpoints.SaveFinal());
        Assert.Equal(4, store.Failures);
        Assert.False(job.Checkpoints.StorageKnows(job.State.Summarise()));

        store.FailNext = 2;
        var patient = new JobHarness(1, Settings, store, options);
        patient.State.Conclude(patient.Ledger, DateTimeOffset.UtcNow);
        Assert.True(await patient.Checkpoints.SaveFinal());
        Assert.True(patient.Checkpoints.StorageKnows(patient.State.Summarise()));
    });

    [Fact]
    public Task AClosedCoordinatorWritesNothingMore() => SingleThreadedContext.RunAsync(async () =>
    {
        var store = new RecordingStore(Durable);
        var job = new JobHarness(3, Settings, store);
        job.Ledger.Record(job.Compute(0));
        job.Lifecycle.Deactivate();
        job.Lifecycle.Close();
        await job.Checkpoints.Save(force: true);
        Assert.Equal(0, store.Saves);
        Assert.Equal(0, job.StateWrites);
    });

    [Fact]
    public void InvalidCheckpointOptionsAreRefusedNamingTheSetting()
    {
        var result = new CheckpointOptionsValidator().Validate(null, new CheckpointOptions
        {
            Interval = TimeSpan.Zero,
            RetryDelay = TimeSpan.FromSeconds(2),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            FinalSaveAttempts = 0,
        });
        Assert.True(result.Failed);
        Assert.Contains("Ensemble:Checkpoints:Interval", result.FailureMessage);
        Assert.Contains("Ensemble:Checkpoints:MaxRetryDelay", result.FailureMessage);
        Assert.Contains("Ensemble:Checkpoints:FinalSaveAttempts", result.FailureMessage);
        Assert.True(new CheckpointOptionsValidator().Validate(null, new CheckpointOptions()).Succeeded);
    }
}
