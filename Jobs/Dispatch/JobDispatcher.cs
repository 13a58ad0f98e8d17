using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Statistics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs.Dispatch;

/// <summary>Runs attempt <paramref name="attempt"/> (1 for the first) of realisation <paramref name="index"/>; cancelling stops it.</summary>
public delegate Task<RealisationReport> RealisationRunner(uint index, int attempt, CancellationToken cancellation);

/// <summary>Asks the partial sums of <paramref name="silo"/> for <paramref name="seeds"/> (held there, reported to this coordinator).</summary>
public delegate Task<PartialSums> PartialCollector(string silo, uint[] seeds, CancellationToken cancellation);

/// <summary>How a dispatcher collects held realisations: the call, the decoding of its sums for this job's spec, and when.</summary>
public sealed record PartialCollection(PartialCollector Collect, Func<byte[], EnsembleAccumulator> Decode, PartialOptions Flush);

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
/// <para>
/// With a <see cref="PartialCollection"/>, a success may come back held on its silo (<see cref="RealisationReport.Held"/>):
/// the loop collects each silo's partial sums once it holds <see cref="PartialOptions.FlushRealisations"/>, every
/// <see cref="PartialOptions.FlushInterval"/>, at a quarter of the window where held seeds take slots (a store that allows
/// nothing unsaved), and everything as soon as nothing else runs, and it ends only once every held seed is merged or
/// dispatched again (its partial lost). After a stop at R' it still runs the seeds below R' whose partial was lost.
/// </para>
/// </remarks>
public sealed class JobDispatcher(
    JobLedger ledger,
    DispatchSettings settings,
    CheckpointWriter checkpoints,
    JobLifecycle lifecycle,
    RealisationRunner run,
    ILogger logger,
    string jobId,
    PartialCollection? partials = null)
{
    private readonly Dictionary<Task<RealisationReport>, (uint Index, CancellationTokenSource Deadline)> _inFlight = [];
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Dictionary<Task<PartialSums>, (string Silo, uint[] Seeds, CancellationTokenSource Deadline)> _collecting = [];
    private int _collectsStarted;
    // Every attempt and collect writes itself here when it ends, so the loop waits on one task whatever the window holds
    // (a WhenAny over everything in flight costs O(window) per report, and a large window made that the coordinator's limit).
    private readonly Channel<Task> _ended = Channel.CreateUnbounded<Task>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _somethingEnded;
    // Seeds whose last call never reached a worker, waiting out their back-off; and how many such calls each had in a row.
    private readonly Dictionary<Task, uint> _backingOff = [];
    private readonly Dictionary<uint, int> _undelivered = [];

    /// <summary>Calls of one seed that may fail to reach a worker in a row before the next counts as an attempt.</summary>
    public const int MaxUndelivered = 40;

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
        // Computed-but-unsaved realisations beyond what the store allows hold slots of the window: those recorded and not
        // yet saved, and those held on their silos, whose sums are not here yet (a crash loses them all alike).
        int? allowance = checkpoints.Rules.UnsavedAllowance;
        int Held() => allowance is { } a ? Math.Max(0, ledger.Unsaved + ledger.Awaiting - a) : 0;
        int Unsaved() => allowance is { } a ? Math.Max(0, ledger.Unsaved - a) : 0;
        var prefix = ledger.Prefix is { Ordered: true } ordered ? ordered : null;
        bool Stopped() => prefix is { IsStopped: true };
        // After the stop at R' only seeds below it run: those whose partial sums were lost.
        bool Launchable(uint index) => prefix is null || (index < (long)prefix.Frontier + Window.Current && !(index >= prefix.StoppedAt));
        var queue = new PriorityQueue<uint, uint>();
        foreach (uint index in ledger.Pending())
        {
            // Attempts are counted at launch and saved with the checkpoints, so a seed whose last
            // attempts ended with their coordinator (a poison seed that kills its silo) is not given
            // more than MaxAttempts by restarts.
            if (ledger.Attempts(index) < settings.MaxAttempts) queue.Enqueue(index, index);
            else ledger.Abandon(index, $"gave up after {ledger.Attempts(index)} attempts: the last ended with its coordinator, before it reported");
        }
        Task? flushTimer = null;
        bool flushAll = false;
        try
        {
            while (true)
            {
                // The target is met: what is in flight is beyond R', not part of the result; cancel it.
                if (Stopped()) CancelInFlight(from: prefix!.StoppedAt!.Value);
                while (lifecycle.MayDispatch && !stop.IsCancellationRequested && Window.Current - _inFlight.Count - Held() - ledger.Ahead > 0
                       && queue.TryPeek(out uint index, out _) && Launchable(index))
                    Launch(queue.Dequeue(), stop);

                // Partial sums: a silo's once it holds enough, everything on the interval, and everything once nothing else runs.
                bool more = queue.TryPeek(out uint next, out _) && Launchable(next);
                bool draining = _inFlight.Count == 0 && _backingOff.Count == 0 && (!lifecycle.MayDispatch || !more);
                // Held seeds fill the window as unsaved ones do: collected early (at a quarter), so computing goes on meanwhile.
                flushAll |= ledger.Awaiting > 0 && 4 * Held() >= Window.Current;
                if (partials is not null && !stop.IsCancellationRequested)
                    foreach (string silo in ledger.SilosWithUncollected.ToList())
                        if (draining || flushAll || ledger.UncollectedFrom(silo) >= partials.Flush.FlushRealisations) Collect(silo, stop);
                flushAll = false;
                CountInFlight();
                // Full, with work left and part of the window waiting on a running save or collect: realisations wait on
                // commits, so an adaptive window grows (once per save or collect started).
                if ((checkpoints.Saving || _collecting.Count > 0) && Held() > 0 && lifecycle.MayDispatch && more
                    && Window.Current - _inFlight.Count - Held() - ledger.Ahead <= 0 && Window.Stalled(checkpoints.SavesQueued + _collectsStarted))
                    continue;

                bool saving = checkpoints.Saving;
                if (!saving && Unsaved() > 0 && (4 * Held() >= Window.Current || _inFlight.Count == 0))
                {
                    _ = checkpoints.SaveQuietly(force: true);
                    saving = true;
                }
                if (_inFlight.Count == 0 && _collecting.Count == 0 && _backingOff.Count == 0)
                {
                    if (!saving || !more || !lifecycle.MayDispatch || stop.IsCancellationRequested) break;
                    await checkpoints.Settled; // the window is full of unsaved realisations: wait for the save
                    continue;
                }

                // One wait on the channel at a time (a single reader), kept across wake-ups by the timer or a save.
                var somethingEnded = _somethingEnded ??= _ended.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                var waitFor = new List<Task>(3) { somethingEnded };
                // Its end frees slots; only a save still running (a fenced writer saves nothing, and
                // waiting on a finished save would spin this loop without ever yielding).
                if (checkpoints.Saving && Held() > 0) waitFor.Add(checkpoints.Settled);
                // Not once stopped: nothing is collected then, and a delay on a cancelled token ends at once, so waiting on it
                // would spin this loop without yielding, and the cancelled attempts' continuations (on this scheduler) never run.
                if (partials is not null && !stop.IsCancellationRequested && ledger.SilosWithUncollected.Any())
                    waitFor.Add(flushTimer ??= Task.Delay(partials.Flush.FlushInterval, stop));
                var finished = await Task.WhenAny(waitFor);
                if (finished == flushTimer)
                {
                    (flushTimer, flushAll) = (null, true);
                    continue;
                }
                if (finished != somethingEnded) continue; // a save finished: the window may have room
                _somethingEnded = null;
                // Everything that has ended since: attempts cancelled and forgotten (CancelInFlight) are no longer here.
                while (_ended.Reader.TryRead(out var ended))
                {
                    if (ended is Task<RealisationReport> report && _inFlight.ContainsKey(report))
                    {
                        Fold(report, queue, stop);
                        if (Stopped()) CancelInFlight(from: prefix!.StoppedAt!.Value);
                    }
                    else if (ended is Task<PartialSums> partial && _collecting.ContainsKey(partial))
                    {
                        FoldPartial(partial, queue, stop);
                    }
                    else if (_backingOff.Remove(ended, out uint again) && !stop.IsCancellationRequested)
                    {
                        queue.Enqueue(again, again);
                    }
                }
                await checkpoints.SaveQuietly(force: false);
            }
        }
        finally
        {
            // Left behind only when the loop ends early (stopped, or a refusal): cancel, so their
            // workers are freed.
            CancelInFlight();
            _collecting.Clear();
            _backingOff.Clear(); // still pending: the next activation runs them
            ledger.InFlight = 0;
        }
        return stop.IsCancellationRequested ? DispatchOutcome.Stopped : DispatchOutcome.Ended;
    }

    /// <summary>Cancels and forgets the attempts in flight of seeds from <paramref name="from"/> on.</summary>
    private void CancelInFlight(long from = 0)
    {
        foreach (var (task, (index, deadline)) in _inFlight.Where(f => f.Value.Index >= from).ToList())
        {
            deadline.Cancel();
            deadline.Dispose();
            _inFlight.Remove(task);
        }
    }

    /// <summary>Asks <paramref name="silo"/> for the partial sums of the seeds it holds and nobody has asked for yet.</summary>
    private void Collect(string silo, CancellationToken stop)
    {
        uint[] seeds = ledger.TakeCollectable(silo);
        if (seeds.Length == 0) return;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(partials!.Flush.CollectTimeout);
        var collect = partials.Collect(silo, seeds, deadline.Token);
        _collecting.Add(collect, (silo, seeds, deadline));
        SignalWhenEnded(collect);
        _collectsStarted++;
    }

    /// <summary>
    /// Merges a collected partial (exactly once, see <see cref="JobLedger.Merge"/>). Seeds whose sums did not come (the silo
    /// is gone, did not answer, lost them, or sent a partial that cannot be merged) are dispatched again: a realisation is a
    /// pure function of its seed, so the new attempt brings the same bits.
    /// </summary>
    private void FoldPartial(Task<PartialSums> collect, PriorityQueue<uint, uint> queue, CancellationToken stop)
    {
        var (silo, seeds, deadline) = _collecting[collect];
        _collecting.Remove(collect);
        deadline.Dispose();
        IReadOnlyList<uint> again;
        if (collect.IsCompletedSuccessfully)
        {
            var partial = collect.Result;
            try
            {
                again = ledger.Merge(silo, seeds, partial, partial.Seeds.Length > 0 ? partials!.Decode(partial.Sums) : null);
            }
            catch (ArgumentException e)
            {
                JobLog.PartialRefused(logger, jobId, silo, e);
                again = ledger.Release(silo, seeds);
            }
        }
        else
        {
            again = ledger.Release(silo, seeds);
        }
        // Going away: they stay pending, and the next activation computes them again.
        if (stop.IsCancellationRequested) return;
        if (again.Count > 0) JobLog.PartialLost(logger, jobId, silo, again.Count, collect.Exception?.GetBaseException());
        foreach (uint index in again) queue.Enqueue(index, index);
    }

    private void Launch(uint index, CancellationToken stop)
    {
        int attempt = ledger.BeginAttempt(index);
        // The deadline cancels the attempt, and with it the computation, so a timed-out attempt
        // frees its worker for the retry.
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(settings.RealisationTimeout);
        // This attempt counts from its launch: the runner may start before the loop's next count.
        CountInFlight(launching: 1);
        var attemptRun = run(index, attempt, deadline.Token);
        _inFlight.Add(attemptRun, (index, deadline));
        SignalWhenEnded(attemptRun);
    }

    /// <summary>
    /// A call that never reached a worker is not an attempt: the seed is sent again after 50 ms, doubling to 2 s, until
    /// <see cref="MaxUndelivered"/> such calls in a row (then the next failure counts, so a cluster that cannot be reached
    /// still ends the job). False when it must count.
    /// </summary>
    private bool BackOff(uint index, Exception error, CancellationToken stop)
    {
        int inARow = _undelivered.GetValueOrDefault(index) + 1;
        if (inARow > MaxUndelivered) return false;
        _undelivered[index] = inARow;
        ledger.AttemptNotDelivered(index);
        var delay = TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(inARow - 1, 6)));
        JobLog.AttemptNotDelivered(logger, jobId, index, error.InnerException?.GetType().Name ?? error.GetType().Name, delay);
        var wait = Task.Delay(delay, stop);
        _backingOff.Add(wait, index);
        SignalWhenEnded(wait);
        return true;
    }

    /// <summary>What a crash would lose now: attempts running (and <paramref name="launching"/>) and seeds held on silos.</summary>
    private void CountInFlight(int launching = 0) => ledger.InFlight = _inFlight.Count + launching + ledger.Awaiting;

    private void SignalWhenEnded(Task task) =>
        task.ContinueWith(static (ended, writer) => ((ChannelWriter<Task>)writer!).TryWrite(ended), _ended.Writer,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Fold(Task<RealisationReport> report, PriorityQueue<uint, uint> queue, CancellationToken stop)
    {
        var (index, deadline) = _inFlight[report];
        _inFlight.Remove(report);
        deadline.Dispose();
        CountInFlight();
        if (report.IsCompletedSuccessfully)
        {
            _undelivered.Remove(index);
            Window.Completed();
            ledger.Record(report.Result);
            return;
        }
        var error = report.Exception?.GetBaseException() ?? new TaskCanceledException(report);
        if (stop.IsCancellationRequested) return; // cancelled because the activation is going away: not a failed attempt
        if (error is JobRejectedException) throw error;
        if (error is RealisationNotDeliveredException && BackOff(index, error, stop)) return;
        _undelivered.Remove(index);
        if (ledger.Attempts(index) < settings.MaxAttempts) queue.Enqueue(index, index);
        else ledger.Abandon(index, $"gave up after {ledger.Attempts(index)} attempts: {error.GetType().Name}: {error.Message}");
        JobLog.AttemptFailed(logger, jobId, index, ledger.Attempts(index), error);
    }
}
