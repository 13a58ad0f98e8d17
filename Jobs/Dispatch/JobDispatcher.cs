using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Ledger;
using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs.Dispatch;

/// <summary>Runs attempt <paramref name="attempt"/> (1 for the first) of realisation <paramref name="index"/>; cancelling stops it.</summary>
public delegate Task<RealisationReport> RealisationRunner(uint index, int attempt, CancellationToken cancellation);

/// <summary>How a dispatch loop ended.</summary>
public enum DispatchOutcome
{
    /// <summary>Every realisation is accounted for, or a cancelled job has drained its window.</summary>
    Ended,

    /// <summary>The activation is going away; what was in flight is dispatched again by the next one.</summary>
    Stopped,
}

/// <summary>
/// The dispatch loop of one job, with no Orleans in it: it keeps at most the window's realisations
/// running through the <see cref="RealisationRunner"/>, folds each report through the
/// <see cref="JobLedger"/> (exactly once), retries an infrastructure fault or a timeout on a fresh
/// attempt up to MaxAttempts (the realisation is a pure function of its seed, so running it again
/// is safe), and checkpoints through the <see cref="CheckpointWriter"/>. Where the store allows no
/// unsaved realisations, those computed and not yet saved keep their slots in the window, so a
/// crash recomputes at most the window; a save is started early (at a quarter of the window) so
/// that computing goes on while the batch is written. The window is the submission's MaxInFlight, or grows from it
/// where the submission lets it adapt (<see cref="InFlightWindow"/>).
/// A <see cref="JobRejectedException"/> from a realisation is not a fault to retry: it ends the
/// loop with that exception. Not thread-safe: all calls come from one logical thread.
/// </summary>
/// <remarks>
/// Pending seeds are launched lowest first (a retry before higher seeds). With a stop rule the ledger
/// records seeds in index order (<see cref="JobLedger"/>), so a seed is launched only within
/// MaxInFlight of the prefix's frontier and reports waiting there take window slots: what is computed
/// and not recorded stays within the window, and the frontier's own seed always has a slot. Once the
/// target is met at R' nothing more is launched, what is in flight is cancelled (its seeds are beyond
/// R', not part of the result) and the loop ends.
/// </remarks>
public sealed class JobDispatcher(
    JobLedger ledger,
    DispatchSettings settings,
    CheckpointWriter checkpoints,
    JobLifecycle lifecycle,
    RealisationRunner run,
    ILogger logger,
    string jobId)
{
    private readonly Dictionary<Task<RealisationReport>, (uint Index, CancellationTokenSource Deadline)> _inFlight = [];
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>
    /// The job's window: fixed, or adaptive (see <see cref="InFlightWindow"/>) where unsaved realisations hold slots (a
    /// durable store); in memory nothing waits on a commit, and a larger window would only queue more calls.
    /// </summary>
    public InFlightWindow Window { get; } = new(settings.MaxInFlight, settings.AdaptiveWindow && checkpoints.Rules.UnsavedAllowance is not null,
        () => Clock.Elapsed);

    /// <summary>
    /// Runs until every pending realisation is accounted for, a cancelled job has drained, or
    /// <paramref name="stop"/> fires (the activation is going away, which cancels what is in flight).
    /// </summary>
    public async Task<DispatchOutcome> RunAsync(CancellationToken stop)
    {
        // Computed-but-unsaved realisations beyond what the store allows hold slots of the window.
        int? allowance = checkpoints.Rules.UnsavedAllowance;
        int Held() => allowance is { } a ? Math.Max(0, ledger.Unsaved - a) : 0;
        var prefix = ledger.Prefix is { Ordered: true } ordered ? ordered : null;
        bool WithinPrefixWindow(uint index) => prefix is null || index < (long)prefix.Frontier + Window.Current;
        bool Stopped() => prefix is { IsStopped: true };
        var queue = new PriorityQueue<uint, uint>();
        foreach (uint index in ledger.Pending())
        {
            // Attempts are counted at launch and saved with the checkpoints, so a seed whose last
            // attempts ended with their coordinator (a poison seed that kills its silo) is not given
            // more than MaxAttempts by restarts.
            if (ledger.Attempts(index) < settings.MaxAttempts) queue.Enqueue(index, index);
            else ledger.Abandon(index, $"gave up after {ledger.Attempts(index)} attempts: the last ended with its coordinator, before it reported");
        }
        try
        {
            while (!Stopped())
            {
                while (lifecycle.MayDispatch && !stop.IsCancellationRequested && Window.Current - _inFlight.Count - Held() - ledger.Ahead > 0
                       && queue.TryPeek(out uint index, out _) && WithinPrefixWindow(index))
                    Launch(queue.Dequeue(), stop);
                ledger.InFlight = _inFlight.Count;
                // Full, with work left and part of the window waiting on the running save: realisations wait on commits.
                if (checkpoints.Saving && Held() > 0 && lifecycle.MayDispatch && queue.Count > 0
                    && Window.Current - _inFlight.Count - Held() - ledger.Ahead <= 0 && Window.Stalled(checkpoints.SavesQueued))
                    continue;

                bool saving = checkpoints.Saving;
                if (!saving && Held() > 0 && (4 * Held() >= Window.Current || _inFlight.Count == 0))
                {
                    _ = checkpoints.SaveQuietly(force: true);
                    saving = true;
                }
                if (_inFlight.Count == 0)
                {
                    if (!saving || queue.Count == 0 || !lifecycle.MayDispatch || stop.IsCancellationRequested) break;
                    await checkpoints.Settled; // the window is full of unsaved realisations: wait for the save
                    continue;
                }

                var waitFor = new List<Task>(_inFlight.Keys);
                // Its end frees slots; only a save still running (a fenced writer saves nothing, and
                // waiting on a finished save would spin this loop without ever yielding).
                if (checkpoints.Saving && Held() > 0) waitFor.Add(checkpoints.Settled);
                var finished = await Task.WhenAny(waitFor);
                if (finished is not Task<RealisationReport> report) continue; // a save finished: the window may have room
                Fold(report, queue, stop);
                if (Stopped()) break; // the target is met: the finally cancels what is in flight
                await checkpoints.SaveQuietly(force: false);
            }
        }
        finally
        {
            // Left behind only when the loop ends early (stopped, or a refusal): cancel, so their
            // workers are freed.
            foreach (var (_, deadline) in _inFlight.Values)
            {
                deadline.Cancel();
                deadline.Dispose();
            }
            _inFlight.Clear();
            ledger.InFlight = 0;
        }
        return stop.IsCancellationRequested ? DispatchOutcome.Stopped : DispatchOutcome.Ended;
    }

    private void Launch(uint index, CancellationToken stop)
    {
        int attempt = ledger.BeginAttempt(index);
        // The deadline cancels the attempt, and with it the computation, so a timed-out attempt
        // frees its worker for the retry.
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(settings.RealisationTimeout);
        _inFlight.Add(run(index, attempt, deadline.Token), (index, deadline));
    }

    private void Fold(Task<RealisationReport> report, PriorityQueue<uint, uint> queue, CancellationToken stop)
    {
        var (index, deadline) = _inFlight[report];
        _inFlight.Remove(report);
        deadline.Dispose();
        ledger.InFlight = _inFlight.Count;
        if (report.IsCompletedSuccessfully)
        {
            Window.Completed();
            ledger.Record(report.Result);
            return;
        }
        var error = report.Exception?.GetBaseException() ?? new TaskCanceledException(report);
        if (stop.IsCancellationRequested) return; // cancelled because the activation is going away: not a failed attempt
        if (error is JobRejectedException) throw error;
        if (ledger.Attempts(index) < settings.MaxAttempts) queue.Enqueue(index, index);
        else ledger.Abandon(index, $"gave up after {ledger.Attempts(index)} attempts: {error.GetType().Name}: {error.Message}");
        JobLog.AttemptFailed(logger, jobId, index, ledger.Attempts(index), error);
    }
}
