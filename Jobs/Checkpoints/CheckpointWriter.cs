using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs.Checkpoints;

/// <summary>
/// Writes a coordinator's checkpoints: the books through the <see cref="IJobBookStore"/>, then the
/// grain state (through <c>writeState</c>) as the store's rules say. Saves queue one behind another,
/// so a forced save is never dropped because another is being written, and each takes its snapshot
/// only when its turn comes. After a failed save the next one waits a little longer, so a database
/// outage is not hammered. Grain state never gets ahead of the books: it is written only after the
/// store saved, and only if the summary it records is still the job's.
/// A failure is met by its <see cref="StoreFailure"/>: a transient one is retried after the back-off;
/// a permanent one (the database refuses the data) fails the job with the reason after
/// <see cref="CheckpointOptions.PermanentErrorAttempts"/> refusals in a row; a fenced one (a newer
/// activation owns the job) closes this activation at once, and <see cref="Fenced"/> tells its host.
/// Not thread-safe: all calls come from one logical thread (a grain's turns).
/// </summary>
public sealed class CheckpointWriter(
    JobState state,
    JobLedger ledger,
    IJobBookStore store,
    Func<Task> writeState,
    JobLifecycle lifecycle,
    CheckpointOptions options,
    TimeProvider time,
    ILogger logger)
{
    private Task _saves = Task.CompletedTask;
    private int _failedSaves;
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;
    private DateTimeOffset _lastEstimates = DateTimeOffset.MinValue;
    private JobSummary? _savedSummary;
    private int _refusals;

    /// <summary>The epoch this activation took (<see cref="IJobBookStore.ClaimEpochAsync"/>), carried by each checkpoint.</summary>
    public long Epoch { get; init; }

    /// <summary>Called once when a save was fenced: the host stops dispatching and lets the activation go.</summary>
    public Action? Fenced { get; init; }

    /// <summary>The database refused the checkpoint for good and the job was failed for it; nothing more is tried.</summary>
    public bool Refused { get; private set; }

    public BookStoreRules Rules => store.Rules;

    /// <summary>How many saves have been queued: the number of the latest.</summary>
    public int SavesQueued { get; private set; }

    /// <summary>A save is being written (or waiting for its turn).</summary>
    public bool Saving => !_saves.IsCompleted;

    /// <summary>Completes when the saves queued so far have run, whatever their outcome.</summary>
    public Task Settled => Quiet(_saves);

    /// <summary>Storage (books and grain state) already records this summary.</summary>
    public bool StorageKnows(JobSummary summary) => _savedSummary == summary;

    /// <summary>A coordinator that loaded its state from storage: storage knows what it says.</summary>
    public void Restored() => _savedSummary = state.Summarise();

    /// <summary>Queues a checkpoint (unless <paramref name="force"/> is false and the last was recent); throws if it fails.</summary>
    public Task Save(bool force)
    {
        if (lifecycle.IsClosed) return Task.CompletedTask;
        var now = time.GetUtcNow();
        if (!force && now - _lastCheckpoint < options.Interval) return Task.CompletedTask;
        _lastCheckpoint = now;
        SavesQueued++;
        return _saves = SaveAfter(_saves);
    }

    /// <summary>A checkpoint whose failure is logged and left to the next one.</summary>
    public async Task SaveQuietly(bool force)
    {
        try
        {
            await Save(force);
        }
        catch (Exception e)
        {
            JobLog.CheckpointFailed(logger, state.Definition?.JobId, e);
        }
    }

    /// <summary>
    /// Saves a finished job's final state, trying up to <see cref="CheckpointOptions.FinalSaveAttempts"/>
    /// times (each after the back-off); false if storage still lacks it, which the resume reminder retries.
    /// </summary>
    public async Task<bool> SaveFinal()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await Save(force: true);
                return true;
            }
            catch (Exception e) when (attempt < options.FinalSaveAttempts && !lifecycle.IsStopping && !Refused)
            {
                JobLog.FinalCheckpointRetried(logger, state.Definition?.JobId, attempt, e);
            }
            catch (Exception e) when (Refused)
            {
                // Retrying gives the same refusal; grain state at least records why the job failed.
                JobLog.CheckpointRefused(logger, state.Definition?.JobId, e);
                await RecordSummaryInGrainState();
                await RecordRefusalInStore();
                return true;
            }
            catch (Exception e)
            {
                JobLog.FinalCheckpointLeftToReminder(logger, state.Definition?.JobId, e);
                return false;
            }
        }
    }

    private async Task SaveAfter(Task previous)
    {
        await Quiet(previous);
        if (_failedSaves > 0) await Task.Delay(options.DelayAfter(_failedSaves), time);
        var records = ledger.TakeUnsaved();
        var checkpoint = Snapshot(records);
        try
        {
            await store.SaveAsync(checkpoint, CancellationToken.None);
            var summary = checkpoint.Summary;
            if (store.Rules.BooksInGrainState || (_savedSummary != summary && state.Summarise() == summary))
            {
                // If the status moved on while the books were written, the next save (always forced
                // after such a change) writes both.
                await writeState();
                _savedSummary = summary;
            }
            ledger.Saved(records);
            if (checkpoint.Estimates is not null) _lastEstimates = time.GetUtcNow();
            _failedSaves = 0;
            _refusals = 0;
        }
        catch (Exception e)
        {
            ledger.SaveFailed(records);
            _failedSaves++;
            React(e);
            throw;
        }
    }

    private void React(Exception error)
    {
        switch (error)
        {
            case StoreException { Failure: StoreFailure.Fenced }:
                if (lifecycle.IsClosed) return;
                // Another activation took the job: nothing from this one may be written any more.
                lifecycle.Close();
                JobLog.CheckpointFenced(logger, state.Definition?.JobId, error);
                Fenced?.Invoke();
                return;
            case StoreException { Failure: StoreFailure.Permanent } refused when !Refused && ++_refusals >= options.PermanentErrorAttempts:
                Refused = true;
                state.Fail($"the database refused the job's checkpoint {_refusals} times: {refused.Reason}", time.GetUtcNow());
                lifecycle.Fail();
                return;
        }
    }

    /// <summary>The store's own job record says failed and why too, when the store can take that much.</summary>
    private async Task RecordRefusalInStore()
    {
        if (state.Definition is not { } definition) return;
        try
        {
            await store.RecordRefusedJobAsync(definition.JobId, Epoch, state.Summarise(), CancellationToken.None);
        }
        catch (Exception e)
        {
            JobLog.CheckpointRefused(logger, definition.JobId, e);
        }
    }

    private async Task RecordSummaryInGrainState()
    {
        try
        {
            await writeState();
            _savedSummary = state.Summarise();
        }
        catch (Exception e)
        {
            JobLog.CheckpointFailed(logger, state.Definition?.JobId, e);
        }
    }

    private JobCheckpoint Snapshot(IReadOnlyList<RealisationRecord> records)
    {
        var summary = state.Summarise(); // what the store will say about the job's status
        bool final = summary.IsTerminal && ledger.InFlight == 0;
        var estimates = store.Rules.EstimatesInterval is { } every && (final || time.GetUtcNow() - _lastEstimates >= every)
            ? ledger.Accumulator.Estimates()
            : null;
        return new JobCheckpoint(state, summary, ledger.Counts, ledger.Books, records, ledger.Accumulator.Count,
            AccumulatorJson.Save(ledger.Accumulator), estimates)
        {
            Epoch = Epoch,
            Prefix = ledger.Prefix is { } prefix ? new PrefixCheckpoint(prefix.Save(), prefix.History(state.Definition!.JobId)) : null,
        };
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // The outcome is handled where the save was asked for; here we only wait for it.
        }
    }
}
