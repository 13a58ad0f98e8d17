using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Jobs;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Ensemble.Grains;

/// <summary>
/// The coordinator of one job. Reentrant, so status and estimate queries interleave with the
/// dispatch loop (all on the grain's single-threaded scheduler). The loop keeps at most
/// MaxInFlight realisation calls outstanding, folds each report through the <see cref="JobLedger"/>
/// (exactly once), retries infrastructure faults and timeouts up to MaxAttempts, and checkpoints
/// its state every few seconds and at the end.
/// </summary>
[Reentrant]
public sealed class JobGrain(
    [PersistentState("job", EnsembleStorage.Jobs)] IPersistentState<JobState> state,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);

    private JobLedger? _ledger;
    private Task? _dispatch;
    private bool _cancelRequested;
    private bool _deactivating;
    private Task _saves = Task.CompletedTask;
    private DateTimeOffset _lastCheckpoint;
    private IGrainTimer? _keepAlive;

    private string JobId => this.GetPrimaryKeyString();
    private JobState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is { } definition)
        {
            _ledger = new JobLedger(State, AccumulatorJson.Load(SpecJson.Parse(definition.SpecJson), State.Accumulator));
            // A job that was running when its coordinator went away picks up where its last
            // checkpoint left off: realisations not recorded there are dispatched again.
            if (State.Status is JobStatus.Running or JobStatus.Queued) StartDispatch();
        }
        return Task.CompletedTask;
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
        var fresh = JobLedger.NewState(submission.Realisations);
        (State.States, State.Checksums, State.Attempts) = (fresh.States, fresh.Checksums, fresh.Attempts);
        State.Status = JobStatus.Queued;
        _ledger = new JobLedger(State, new Simulation.Statistics.EnsembleAccumulator(canonical));
        try
        {
            await Checkpoint(force: true);
        }
        catch
        {
            // Not recorded, so not accepted: forget it, and let the caller try again.
            state.State = new JobState();
            _ledger = null;
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
        if (index >= _ledger.Total) throw new JobRejectedException("seed", $"a realisation index in [0, {_ledger.Total - 1}], found {index}");
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
        return (definition, spec);
    }

    private void StartDispatch()
    {
        if (_dispatch is { IsCompleted: false }) return;
        _keepAlive ??= this.RegisterGrainTimer(() => CheckpointQuietly(force: false), new GrainTimerCreationOptions
        {
            DueTime = CheckpointInterval,
            Period = CheckpointInterval,
            KeepAlive = true,
            Interleave = true,
        });
        _dispatch = Dispatch();
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
        var queue = new Queue<uint>(ledger.Pending());
        var inFlight = new Dictionary<Task<RealisationReport>, (uint Index, CancellationTokenSource Deadline)>();
        try
        {
            while (true)
            {
                while (!_cancelRequested && !_deactivating && inFlight.Count < settings.MaxInFlight && queue.TryDequeue(out uint index))
                {
                    int attempt = ledger.BeginAttempt(index);
                    // Each attempt is its own activation ("job/index/attempt"): a retry after a
                    // timeout must not queue behind the attempt that is still stuck.
                    var grain = GrainFactory.GetGrain<IRealisationGrain>($"{JobId}/{index}/{attempt}");
                    // The deadline cancels the call, and with it the computation on the silo, so a
                    // timed-out attempt frees its worker for the retry.
                    var deadline = new CancellationTokenSource(settings.RealisationTimeout);
                    var call = grain.Run(new RealisationAssignment(JobId, definition.SpecJson, definition.MasterSeed, index, attempt), deadline.Token);
                    inFlight.Add(call, (index, deadline));
                }
                ledger.InFlight = inFlight.Count;
                if (inFlight.Count == 0) break;

                var finished = await Task.WhenAny(inFlight.Keys);
                var (done, used) = inFlight[finished];
                inFlight.Remove(finished);
                used.Dispose();
                ledger.InFlight = inFlight.Count;
                try
                {
                    ledger.Record(await finished);
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
        // The final state must reach storage: retry a few times before giving up.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await Checkpoint(force: true);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning(e, "Job {Job} final checkpoint failed (attempt {Attempt}); retrying", JobId, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
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
            logger.LogWarning(e, "Job {Job} checkpoint failed; the next one will retry", JobId);
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
    /// Saves the books and the accumulator together. Saves queue one behind another (a forced
    /// save is never dropped because a periodic one is still being written).
    /// </summary>
    private Task Checkpoint(bool force)
    {
        if (_ledger is null) return Task.CompletedTask;
        if (!force && DateTimeOffset.UtcNow - _lastCheckpoint < CheckpointInterval) return Task.CompletedTask;
        _lastCheckpoint = DateTimeOffset.UtcNow;
        return _saves = SaveAfter(_saves);

        async Task SaveAfter(Task previous)
        {
            try
            {
                await previous;
            }
            catch
            {
                // The earlier save's caller saw its failure; this save writes newer state anyway.
            }
            State.Accumulator = AccumulatorJson.Save(_ledger!.Accumulator);
            await state.WriteStateAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stop dispatching; what is in flight and not yet recorded is simply dispatched again by
        // the next activation, from the checkpoint written here.
        _deactivating = true;
        _keepAlive?.Dispose();
        _keepAlive = null;
        if (_ledger is not null) await CheckpointQuietly(force: true);
    }

    private JobStatusReport Report()
    {
        if (State.Definition is null) throw new JobRejectedException("jobId", $"no job '{JobId}' has been submitted");
        var ledger = _ledger!;
        var end = State.FinishedAt ?? DateTimeOffset.UtcNow;
        double seconds = State.StartedAt is { } start ? (end - start).TotalSeconds : 0;
        int done = ledger.Succeeded + ledger.Failed;
        double throughput = seconds > 0 ? done / seconds : 0;
        int remaining = ledger.Total - done - ledger.Abandoned;
        return new JobStatusReport
        {
            JobId = JobId,
            Name = State.Definition.Name,
            Status = State.Status,
            Total = ledger.Total,
            Succeeded = ledger.Succeeded,
            Failed = ledger.Failed,
            InFlight = ledger.InFlight,
            Retries = State.Retries,
            StartedAt = State.StartedAt,
            FinishedAt = State.FinishedAt,
            Throughput = throughput,
            EstimatedRemaining = throughput > 0 && State.Status == JobStatus.Running ? TimeSpan.FromSeconds(remaining / throughput) : null,
            Message = State.Message,
        };
    }
}
