using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Jobs;
using Ensemble.Grains.Persistence;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Ensemble.Grains;

/// <summary>
/// The coordinator of one job. Reentrant, so status and estimate queries interleave with the
/// dispatch loop (all on the grain's single-threaded scheduler). The loop keeps at most
/// MaxInFlight realisation calls outstanding, folds each report through the <see cref="JobLedger"/>
/// (exactly once), retries infrastructure faults and timeouts up to MaxAttempts, and checkpoints
/// its books through the <see cref="IJobBookStore"/>. With a durable store, realisations computed
/// and not yet saved count against the window too, so a crash loses at most a window's work. A
/// reminder, held while the job runs, brings the coordinator back on a surviving silo.
/// </summary>
[Reentrant]
public sealed class JobGrain(
    [PersistentState("job", EnsembleStorage.Jobs)] IPersistentState<JobState> state,
    IJobBookStore store,
    IOptions<JobResumeOptions> resume,
    ILocalSiloDetails silo,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan EstimatesInterval = TimeSpan.FromSeconds(5);

    private JobLedger? _ledger;
    private Task? _dispatch;
    private bool _cancelRequested;
    private bool _deactivating;
    private bool _closed;
    private readonly CancellationTokenSource _stop = new();
    private Task _saves = Task.CompletedTask;
    private int _failedSaves;
    private DateTimeOffset _lastCheckpoint;
    private DateTimeOffset _lastEstimates;
    private (JobStatus, DateTimeOffset?, DateTimeOffset?, string?)? _savedSummary;
    private IGrainTimer? _keepAlive;
    private bool _reminderHeld;

    private string JobId => this.GetPrimaryKeyString();
    private JobState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is not { } definition) return;
        _savedSummary = State.Summary;
        var books = await store.LoadAsync(State, cancellationToken)
            ?? throw new InvalidOperationException($"job '{JobId}' has a coordinator state but its books are missing from storage");
        _ledger = new JobLedger(books, AccumulatorJson.Load(SpecJson.Parse(definition.SpecJson), books.Accumulator));
        // A job that was running when its coordinator went away picks up where its last
        // checkpoint left off: realisations not recorded there are dispatched again.
        if (State.Status is JobStatus.Running or JobStatus.Queued) StartDispatch();
    }

    /// <summary>The reminder's only job is to activate the coordinator (which resumes itself) and to stop when done.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder) return;
        _reminderHeld = true;
        if (State.Definition is null) await DropReminder();
        else if (Report().IsFinished)
        {
            // A final checkpoint that never reached storage (a long outage) is retried here; the
            // reminder is dropped only once storage knows the job has finished.
            if (_savedSummary != State.Summary) await Checkpoint(force: true);
            if (_savedSummary == State.Summary) await DropReminder();
        }
    }

    public async Task<JobStatusReport> Submit(JobSubmission submission)
    {
        var (definition, canonical) = Validate(submission);
        if (State.Definition is { } existing)
        {
            if (existing.SpecJson != definition.SpecJson || existing.Realisations != definition.Realisations || existing.MasterSeed != definition.MasterSeed)
                throw new JobRejectedException("jobId",
                    $"job '{JobId}' already exists with a different spec, realisation count or master seed; choose another job id");
            return await GetStatus();
        }

        State.Definition = definition;
        State.Dispatch = DispatchSettings.Of(submission);
        State.Status = JobStatus.Queued;
        _ledger = new JobLedger(JobBooks.New(submission.Realisations), new Simulation.Statistics.EnsembleAccumulator(canonical));
        try
        {
            await Checkpoint(force: true);
        }
        catch
        {
            // Not recorded, so not accepted: forget it, and let the caller try again.
            state.State = new JobState();
            _ledger = null;
            _savedSummary = null;
            throw;
        }
        StartDispatch();
        try
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).Register(JobId, submission.Name, DateTimeOffset.UtcNow);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job {Job} runs but could not be added to the job list", JobId);
        }
        return await GetStatus();
    }

    public Task<JobStatusReport> GetStatus() => Task.FromResult(Report());

    public Task<EstimatesReport> GetEstimates(EstimateQuery query)
    {
        if (_ledger is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        var rows = EstimateRecords.Select(_ledger.Accumulator.Estimates(), query, _ledger.Accumulator.SpeciesLabels);
        return Task.FromResult(new EstimatesReport(JobId, !Report().IsFinished, State.Status, _ledger.Accumulator.Count, rows));
    }

    public async Task<JobStatusReport> Cancel()
    {
        if (State.Definition is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        if (!Report().IsFinished)
        {
            _cancelRequested = true;
            State.Status = JobStatus.Cancelled;
            State.Message = "cancelled on request; realisations already dispatched are still folded in";
            await Checkpoint(force: true);
        }
        return Report();
    }

    public Task<JobDefinition?> GetDefinition() => Task.FromResult(State.Definition);

    public Task<RealisationRecord> GetRealisation(uint index)
    {
        if (_ledger is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        RealisationRerun.CheckIndex(State.Definition!, index);
        return Task.FromResult(_ledger.Describe(index));
    }

    public Task<RealisationRecord[]> GetRealisations(uint from, int count)
    {
        if (_ledger is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        long end = Math.Min((long)from + Math.Max(0, count), _ledger.Total);
        var records = new List<RealisationRecord>();
        for (long i = from; i < end; i++) records.Add(_ledger.Describe((uint)i));
        return Task.FromResult(records.ToArray());
    }

    private (JobDefinition Definition, SimulationSpec Spec) Validate(JobSubmission submission)
    {
        if (submission.Realisations < 1) throw new JobRejectedException("realisations", $"at least 1, found {submission.Realisations}");
        if (JobId.Contains('\0') || submission.Name?.Contains('\0') == true)
            throw new JobRejectedException(JobId.Contains('\0') ? "jobId" : "name", "text without NUL characters");
        if (submission.MaxInFlight < 1) throw new JobRejectedException("maxInFlight", $"at least 1, found {submission.MaxInFlight}");
        if (submission.MaxAttempts is < 1 or > byte.MaxValue)
            throw new JobRejectedException("maxAttempts", $"from 1 to {byte.MaxValue}, found {submission.MaxAttempts}");
        if (submission.RealisationTimeout <= TimeSpan.Zero)
            throw new JobRejectedException("realisationTimeout", $"a positive duration, found {submission.RealisationTimeout}");
        SimulationSpec spec;
        try
        {
            spec = SpecJson.Parse(submission.SpecJson);
        }
        catch (SpecValidationException e)
        {
            throw new JobRejectedException(e.Field, e.Expectation);
        }
        // The canonical text is the job's identity: formatting and property order do not matter.
        var definition = new JobDefinition(JobId, submission.Name, SpecJson.Serialize(spec), submission.Realisations, submission.MasterSeed);
        if (definition.SpecJson.Contains("\\u0000", StringComparison.Ordinal))
            throw new JobRejectedException("spec", "strings without NUL characters (\\u0000), which PostgreSQL cannot store");
        return (definition, spec);
    }

    private void StartDispatch()
    {
        if (_dispatch is { IsCompleted: false }) return;
        _keepAlive ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions
        {
            DueTime = CheckpointInterval,
            Period = CheckpointInterval,
            KeepAlive = true,
            Interleave = true,
        });
        _dispatch = Dispatch();
    }

    /// <summary>The periodic checkpoint; it also retries a reminder registration that failed.</summary>
    private async Task Tick()
    {
        if (!_reminderHeld && _dispatch is { IsCompleted: false }) await HoldReminder();
        await CheckpointQuietly(force: false);
    }

    private async Task Dispatch()
    {
        var ledger = _ledger!;
        var settings = State.Dispatch!;
        var definition = State.Definition!;
        if (State.Status == JobStatus.Queued)
        {
            State.Status = JobStatus.Running;
            State.StartedAt = DateTimeOffset.UtcNow;
        }
        await HoldReminder();
        // With a durable store, a realisation computed and not yet saved still holds its slot in
        // the window: after a crash, at most MaxInFlight realisations are computed again.
        bool bounded = store.Durable;
        int Free(int inFlight) => settings.MaxInFlight - inFlight - (bounded ? ledger.Unsaved : 0);
        var queue = new Queue<uint>(ledger.Pending());
        var inFlight = new Dictionary<Task<RealisationReport>, (uint Index, CancellationTokenSource Deadline)>();
        try
        {
            while (true)
            {
                while (!_cancelRequested && !_deactivating && Free(inFlight.Count) > 0 && queue.TryDequeue(out uint index))
                {
                    int attempt = ledger.BeginAttempt(index);
                    // Each attempt is its own activation ("job/index/attempt"): a retry after a
                    // timeout must not queue behind the attempt that is still stuck.
                    var grain = GrainFactory.GetGrain<IRealisationGrain>($"{JobId}/{index}/{attempt}");
                    // The deadline cancels the call, and with it the computation on the silo, so a
                    // timed-out attempt frees its worker for the retry.
                    var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    deadline.CancelAfter(settings.RealisationTimeout);
                    var call = grain.Run(new RealisationAssignment(JobId, definition.SpecJson, definition.MasterSeed, index, attempt), deadline.Token);
                    inFlight.Add(call, (index, deadline));
                }
                ledger.InFlight = inFlight.Count;

                // Save early (half a window) so that computing goes on while the batch is written.
                bool saving = !_saves.IsCompleted;
                if (bounded && !saving && ledger.Unsaved > 0 && (4 * ledger.Unsaved >= settings.MaxInFlight || inFlight.Count == 0))
                {
                    _ = CheckpointQuietly(force: true);
                    saving = true;
                }
                if (inFlight.Count == 0)
                {
                    if (!saving || queue.Count == 0 || _cancelRequested || _deactivating) break;
                    await Settled(_saves); // the window is full of unsaved realisations: wait for the save
                    continue;
                }

                var waitFor = new List<Task>(inFlight.Keys);
                if (bounded && saving) waitFor.Add(Settled(_saves));
                var finished = await Task.WhenAny(waitFor);
                if (finished is not Task<RealisationReport> report) continue; // a save finished: the window may have room
                var (done, used) = inFlight[report];
                inFlight.Remove(report);
                used.Dispose();
                ledger.InFlight = inFlight.Count;
                try
                {
                    ledger.Record(await report);
                }
                catch (Exception) when (_deactivating)
                {
                    // Cancelled because this activation is going away: not an attempt that failed;
                    // the next activation dispatches it again.
                }
                catch (Exception e) when (e is not JobRejectedException)
                {
                    // Infrastructure fault or timeout: the realisation is a pure function of its
                    // seed, so running it again is safe.
                    if (ledger.Attempts(done) < settings.MaxAttempts) queue.Enqueue(done);
                    else ledger.Abandon(done, $"gave up after {ledger.Attempts(done)} attempts: {e.GetType().Name}: {e.Message}");
                    logger.LogWarning("Job {Job} realisation {Index} attempt {Attempt} failed: {Error}", JobId, done, ledger.Attempts(done), e.Message);
                }
                await CheckpointQuietly(force: false);
            }
            if (_deactivating) return; // the next activation resumes from the checkpoint
            Finish(ledger);
        }
        catch (Exception e)
        {
            State.Status = JobStatus.Failed;
            State.Message = $"coordinator error: {e.Message}";
            State.FinishedAt = DateTimeOffset.UtcNow;
            ledger.InFlight = 0;
            logger.LogError(e, "Job {Job} dispatch failed", JobId);
        }
        _keepAlive?.Dispose();
        _keepAlive = null;
        // The final state must reach storage: keep trying (a database outage is waited out).
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await Checkpoint(force: true);
                break;
            }
            catch (Exception e) when (attempt < 30 && !_deactivating)
            {
                logger.LogWarning("Job {Job} final checkpoint failed (attempt {Attempt}); retrying: {Error}", JobId, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
            catch (Exception e)
            {
                // The reminder stays, and its next tick tries the save again (see ReceiveReminder).
                logger.LogError("Job {Job} finished but could not save that; the resume reminder will retry: {Error}", JobId, e.Message);
                return;
            }
        }
        await DropReminder();
    }

    private static async Task Settled(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // The outcome is handled where the task was started; here we only wait for it.
        }
    }

    /// <summary>A periodic checkpoint that fails is logged and retried at the next one, not fatal.</summary>
    private async Task CheckpointQuietly(bool force)
    {
        try
        {
            await Checkpoint(force);
        }
        catch (Exception e)
        {
            logger.LogWarning("Job {Job} checkpoint failed; the next one will retry: {Error}", JobId, e.Message);
        }
    }

    private void Finish(JobLedger ledger)
    {
        State.FinishedAt = DateTimeOffset.UtcNow;
        if (_cancelRequested || State.Status == JobStatus.Cancelled)
        {
            State.Status = JobStatus.Cancelled;
            return;
        }
        if (ledger.Abandoned > 0)
        {
            State.Status = JobStatus.Failed;
            State.Message = $"{ledger.Abandoned} realisation(s) could not be computed (see their records); estimates cover the others";
            return;
        }
        State.Status = JobStatus.Completed;
    }

    /// <summary>
    /// Saves the books (through the store) and then the grain state. Saves queue one behind
    /// another, so a forced save is never dropped because another is being written, and each save
    /// takes its snapshot only when its turn comes. After a failed save the next one waits a little
    /// longer (a database outage is not hammered).
    /// </summary>
    private Task Checkpoint(bool force)
    {
        if (_ledger is null || _closed) return Task.CompletedTask;
        if (!force && DateTimeOffset.UtcNow - _lastCheckpoint < CheckpointInterval) return Task.CompletedTask;
        _lastCheckpoint = DateTimeOffset.UtcNow;
        return _saves = SaveAfter(_saves);

        async Task SaveAfter(Task previous)
        {
            await Settled(previous);
            if (_failedSaves > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * (1 << Math.Min(_failedSaves, 6)), 5000)));
            var ledger = _ledger!;
            var rows = ledger.TakeUnsaved();
            var summary = State.Summary; // what the tables will say about the job's status
            string accumulator = AccumulatorJson.Save(ledger.Accumulator);
            bool final = Report().IsFinished;
            var estimates = store.Durable && (final || DateTimeOffset.UtcNow - _lastEstimates >= EstimatesInterval)
                ? ledger.Accumulator.Estimates()
                : null;
            try
            {
                await store.SaveAsync(State, ledger, rows, accumulator, estimates, CancellationToken.None);
                // Grain state must never get ahead of the tables: if the status moved on while the
                // tables were written, the next save (always forced after such a change) writes both.
                if (!store.Durable || (_savedSummary != summary && State.Summary == summary))
                {
                    await state.WriteStateAsync();
                    _savedSummary = summary;
                }
                ledger.Saved(rows);
                if (estimates is not null) _lastEstimates = DateTimeOffset.UtcNow;
                _failedSaves = 0;
            }
            catch
            {
                ledger.SaveFailed(rows);
                _failedSaves++;
                throw;
            }
        }
    }

    /// <summary>Registers the resume reminder; a failure is logged and tried again at the next checkpoint.</summary>
    private async Task HoldReminder()
    {
        if (_reminderHeld) return;
        try
        {
            var period = resume.Value.ResumePeriod;
            await this.RegisterOrUpdateReminder(ResumeReminder, period, period);
            _reminderHeld = true;
        }
        catch (Exception e)
        {
            logger.LogWarning("Job {Job} could not register its resume reminder: {Error}", JobId, e.Message);
        }
    }

    private async Task DropReminder()
    {
        try
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderHeld = false;
        }
        catch (Exception e)
        {
            // A leftover reminder only activates a finished job, which drops it then.
            logger.LogWarning("Job {Job} could not drop its resume reminder: {Error}", JobId, e.Message);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stop dispatching; what is in flight and not yet recorded is simply dispatched again by
        // the next activation, from the checkpoint written here.
        _deactivating = true;
        _keepAlive?.Dispose();
        _keepAlive = null;
        // Stop the dispatch loop before the last save, so nothing from this activation is written
        // after it (a new activation elsewhere may already own the job).
        _stop.Cancel();
        if (_dispatch is { } dispatch)
        {
            try
            {
                await dispatch.WaitAsync(cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogWarning("Job {Job} dispatch did not stop cleanly on deactivation: {Error}", JobId, e.Message);
            }
        }
        if (_ledger is not null) await CheckpointQuietly(force: true);
        _closed = true;
    }

    private JobStatusReport Report()
    {
        if (State.Definition is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        var ledger = _ledger!;
        return JobProgress.Report(State.Definition, State.Status, ledger.Succeeded, ledger.Failed, ledger.Abandoned, ledger.InFlight,
            ledger.Books.Retries, State.StartedAt, State.FinishedAt, State.Message) with { Coordinator = silo.SiloAddress.ToString() };
    }
}
