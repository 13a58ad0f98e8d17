using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Runtime;
using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Limits;
using Ensemble.Jobs.Partials;
using Ensemble.Jobs.Rerun;
using Ensemble.Jobs.Submissions;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Ensemble.Grains;

/// <summary>
/// The coordinator of one job: activation, the resume reminder and the public calls. The work is
/// delegated: the <see cref="JobDispatcher"/> runs the window of realisations and folds their
/// reports, the <see cref="CheckpointWriter"/> saves the books and grain state, the
/// <see cref="JobLifecycle"/> says what this activation may still do. Reentrant, so status and
/// estimate queries interleave with the dispatch loop (all on the grain's single-threaded
/// scheduler). A reminder, held while the job runs, brings the coordinator back on a surviving silo.
/// A spec's limit is solved (or taken from this silo's <see cref="CompiledSpecCache"/>) and recorded
/// when the job starts, before any realisation is dispatched (<see cref="JobLimitStart"/>).
/// </summary>
[Reentrant]
public sealed class JobGrain(
    [PersistentState("job", EnsembleStorage.Jobs)] IPersistentState<JobState> state,
    IJobBookStore store,
    IOptions<JobResumeOptions> resume,
    IOptions<CheckpointOptions> checkpointing,
    IOptions<DispatchOptions> dispatching,
    IOptions<BudgetOptions> budgets,
    IOptions<PartialOptions> partials,
    CompiledSpecCache specs,
    SimulationWorkerPool workers,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    private readonly JobLifecycle _lifecycle = new();
    private readonly CancellationTokenSource _stop = new();
    private ResumeReminder? _reminder;
    private JobLedger? _ledger;
    private CheckpointWriter? _checkpoints;
    private Task? _dispatch;
    private IGrainTimer? _tick;
    private InFlightProgress? _inFlight;

    private string JobId => this.GetPrimaryKeyString();
    private JobState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is not { } definition) return;
        // The epoch first: from here on an older activation still running elsewhere can save nothing.
        long epoch = await store.ClaimEpochAsync(JobId, cancellationToken);
        var books = await store.LoadAsync(State, cancellationToken)
            ?? throw new InvalidOperationException($"job '{JobId}' has a coordinator state but its books are missing from storage");
        var spec = SpecJson.Parse(definition.SpecJson);
        var prefix = PrefixTracker.Restore(spec, definition.Realisations, books.Prefix, books);
        Open(new JobLedger(books, AccumulatorJson.Load(spec, books.Accumulator), KeepDetails, prefix), epoch).Restored();
        // A job that was running when its coordinator went away picks up where its last
        // checkpoint left off: realisations not recorded there are dispatched again.
        if (State.Status is JobStatus.Running or JobStatus.Queued) StartDispatch();
        else _lifecycle.LoadedFinished();
    }

    /// <summary>The reminder's only job is to activate the coordinator (which resumes itself) and to stop when done.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder.Name) return;
        _lifecycle.ReminderHeld();
        if (State.Definition is null || _checkpoints is null)
        {
            await Reminder.Drop();
            return;
        }
        if (!Report().IsFinished) return;
        // A final checkpoint that never reached storage (a long outage) is retried here; the
        // reminder is dropped only once storage knows the job has finished.
        if (!_checkpoints.StorageKnows(State.Summarise())) await _checkpoints.Save(force: true);
        if (_checkpoints.StorageKnows(State.Summarise())) await Reminder.Drop();
    }

    public async Task<JobStatusReport> Submit(JobSubmission submission)
    {
        var valid = SubmissionValidator.Validate(JobId, submission, dispatching.Value, budgets.Value);
        if (State.Definition is { } existing)
        {
            SubmissionValidator.CheckSameIdentity(existing, valid.Definition);
            return Report();
        }
        long epoch = await store.ClaimEpochAsync(JobId, CancellationToken.None);
        State.Definition = valid.Definition;
        State.Dispatch = valid.Dispatch;
        State.Status = JobStatus.Queued;
        var books = JobBooks.New(submission.Realisations);
        var prefix = PrefixTracker.Restore(valid.Spec, submission.Realisations, saved: null, books);
        var checkpoints = Open(new JobLedger(books, new EnsembleAccumulator(valid.Spec), KeepDetails, prefix), epoch);
        try
        {
            await checkpoints.Save(force: true);
        }
        catch
        {
            // Not recorded, so not accepted: forget it, and let the caller try again.
            state.State = new JobState();
            (_ledger, _checkpoints) = (null, null);
            throw;
        }
        StartDispatch();
        try
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).Register(JobId, submission.Name, time.GetUtcNow());
        }
        catch (Exception e)
        {
            GrainLog.NotListed(logger, JobId, e);
        }
        return Report();
    }

    public Task<JobStatusReport> GetStatus() => InFlight.Add(Durable(Report()));

    /// <summary>
    /// A job whose dispatch is over but whose final state is still on its way to storage reads as running
    /// ("finishing"): whoever sees it finished may read storage at once (a client querying PostgreSQL, a study
    /// collecting its points), and must find the whole result there, not the last periodic checkpoint.
    /// </summary>
    private JobStatusReport Durable(JobStatusReport report) =>
        report.IsFinished && _lifecycle.Phase == JobPhase.Finishing && _checkpoints is { } checkpoints && !checkpoints.StorageKnows(State.Summarise())
            ? report with { Status = JobStatus.Running, FinishedAt = null, Message = "finishing: saving the final state" }
            : report;

    public Task Resume() => Task.CompletedTask;

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) =>
        Task.FromResult(EstimateSelection.Report(JobId, Ledger.Accumulator, query, partial: !Report().IsFinished, State.Status));

    public async Task<JobStatusReport> Cancel()
    {
        if (!Report().IsFinished)
        {
            _lifecycle.Cancel();
            State.Cancel();
            await _checkpoints!.Save(force: true);
        }
        return Report();
    }

    /// <summary>
    /// From this silo's compiled spec: solved once per silo and deterministic, so a coordinator that
    /// has forgotten it (a new activation, an in-memory job) recomputes the same tables.
    /// </summary>
    public async Task<LimitReport> GetLimit()
    {
        var definition = State.Definition ?? throw JobRejectedException.UnknownJob(JobId);
        if (State.LimitFailure is { } failure) return LimitReport.None(JobId, failure);
        // Parsed first: a spec without a limit is not compiled here (the compiled spec is the realisations').
        if (SpecJson.Parse(definition.SpecJson).Limit is null) return LimitReport.None(JobId);
        try
        {
            return LimitReport.From(JobId, await LimitTablesOf(specs.Get(definition.SpecJson)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return LimitReport.None(JobId, JobLimitStart.Describe(e));
        }
    }

    /// <summary>The tracker's history as of now (a finished job's includes its last point); null for a job begun before trackers.</summary>
    public Task<PrefixHistory?> GetPrefixHistory() => Task.FromResult(Ledger.Prefix?.History(JobId));

    public Task<JobDefinition?> GetDefinition() => Task.FromResult(State.Definition);

    public Task<RealisationRecord> GetRealisation(uint index)
    {
        RealisationRerun.CheckIndex(State.Definition ?? throw JobRejectedException.UnknownJob(JobId), index);
        return Task.FromResult(Ledger.Describe(index));
    }

    public Task<RealisationRecord[]> GetRealisations(uint from, int count) => Task.FromResult(Ledger.Describe(from, count));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stop dispatching before the last save, so nothing from this activation is written after
        // it (a new activation elsewhere may already own the job); what is in flight and not yet
        // recorded is dispatched again by the next activation, from the checkpoint written here.
        _lifecycle.Deactivate();
        StopTicking();
        _stop.Cancel();
        if (_dispatch is { } dispatch)
        {
            try
            {
                await dispatch.WaitAsync(cancellationToken);
            }
            catch (Exception e)
            {
                GrainLog.DispatchDidNotStop(logger, JobId, e);
            }
        }
        if (_checkpoints is { } checkpoints) await checkpoints.SaveQuietly(force: true);
        _lifecycle.Close();
    }

    private JobLedger Ledger => _ledger ?? throw JobRejectedException.UnknownJob(JobId);

    /// <summary>Silo and duration of unsaved realisations matter only to a store that writes rows (not to grain state).</summary>
    private bool KeepDetails => !store.Rules.BooksInGrainState;

    private ResumeReminder Reminder => _reminder ??= new ResumeReminder(this, _lifecycle, resume.Value.ResumePeriod, logger, JobId);

    private CheckpointWriter Open(JobLedger ledger, long epoch)
    {
        _ledger = ledger;
        return _checkpoints = new CheckpointWriter(State, ledger, store, WriteState, _lifecycle, checkpointing.Value, time, logger)
        {
            Epoch = epoch,
            Fenced = Fenced,
        };
    }

    /// <summary>Grain state's ETag fences too: a stale activation's write is refused like a stale epoch.</summary>
    private async Task WriteState()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException e)
        {
            throw new StoreException(StoreFailure.Fenced, $"job '{JobId}': grain state was written by a newer activation", e);
        }
    }

    /// <summary>A newer activation owns the job: stop dispatching (what is in flight is abandoned to it) and go.</summary>
    private void Fenced()
    {
        StopTicking();
        _stop.Cancel();
        DeactivateOnIdle();
    }

    private void StartDispatch()
    {
        if (_dispatch is { IsCompleted: false }) return;
        _lifecycle.Start();
        var every = checkpointing.Value.Interval;
        _tick ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions { DueTime = every, Period = every, KeepAlive = true, Interleave = true });
        _dispatch = Dispatch();
    }

    /// <summary>The periodic checkpoint; it also retries a reminder registration that failed.</summary>
    private async Task Tick()
    {
        await Reminder.Hold();
        await _checkpoints!.SaveQuietly(force: false);
    }

    private async Task Dispatch()
    {
        var run = new JobRun(State, _ledger!, _checkpoints!, _lifecycle, time, logger);
        var spec = SpecJson.Parse(State.Definition!.SpecJson);
        var collection = new PartialCollection(CollectPartial, sums => PartialSumsCodec.Decode(spec, sums), partials.Value);
        bool saved = await run.RunAsync(RunRealisation, Reminder.Hold, StopTicking, _stop.Token, StartLimit, collection);
        // Only a finished job's: a stopped or fenced activation's successor may hold seeds in the same partials already.
        if (Report().IsFinished) ReleasePartials();
        // A fenced activation leaves the reminder to the one that owns the job now.
        if (saved && !_lifecycle.IsClosed) await Reminder.Drop();
    }

    /// <summary>The sums of realisations this silo's coordinator was told are held on <paramref name="silo"/>.</summary>
    private Task<PartialSums> CollectPartial(string silo, uint[] seeds, CancellationToken cancellation) =>
        GrainFactory.GetGrain<IPartialSumsGrain>(IPartialSumsGrain.Key(JobId, silo)).Collect(seeds, cancellation);

    /// <summary>What the silos still hold for this activation (duplicate attempts, seeds beyond a stop) is not wanted: best effort.</summary>
    private void ReleasePartials()
    {
        foreach (string silo in _ledger!.HoldingSilos)
        {
            var release = GrainFactory.GetGrain<IPartialSumsGrain>(IPartialSumsGrain.Key(JobId, silo)).Release();
            release.Ignore();
        }
    }

    /// <summary>The spec's limit, solved on this silo's workers (cached for its realisations here) and recorded, before dispatch.</summary>
    private Task<LimitStart> StartLimit(CancellationToken stop)
    {
        var definition = State.Definition!;
        var limit = new JobLimitStart(store, checkpointing.Value, time, logger);
        return limit.RunAsync(definition, _checkpoints!.Epoch, () => LimitTablesOf(specs.Get(definition.SpecJson)), stop);
    }

    private async Task<LimitTables> LimitTablesOf(CompiledSpec compiled)
    {
        var limits = await compiled.LimitsAsync(workers);
        // A row per cell of every density: on a fine 2-D grid millions of rows, built off the grain's turn.
        return await workers.Run(() => LimitTables.Of(limits, LimitTables.SpeciesLabels(compiled.Spec)));
    }

    /// <summary>Each attempt is its own activation ("job/index/attempt"): a retry after a timeout must not queue behind the stuck attempt.</summary>
    private async Task<RealisationReport> RunRealisation(uint index, int attempt, CancellationToken cancellation)
    {
        var definition = State.Definition!;
        var grain = InFlight.Started(index, attempt);
        try
        {
            var assignment = new RealisationAssignment(JobId, definition.SpecJson, definition.MasterSeed, index, attempt)
            {
                HoldObservables = true,
                TargetIndex = Ledger.Prefix?.Target.Location.Index,
            };
            return await grain.Run(assignment, cancellation);
        }
        catch (OrleansMessageRejectionException e)
        {
            // Not addressed or not sent: no worker saw it (a call lost in flight is a SiloUnavailableException, and counts).
            throw new RealisationNotDeliveredException(e.Message, e);
        }
        finally
        {
            InFlight.Ended(index, attempt);
        }
    }

    private InFlightProgress InFlight => _inFlight ??= new InFlightProgress(GrainFactory, JobId, time);

    private void StopTicking()
    {
        _tick?.Dispose();
        _tick = null;
    }

    private JobStatusReport Report()
    {
        var definition = State.Definition ?? throw JobRejectedException.UnknownJob(JobId);
        return JobProgress.Report(definition, State.Summarise(), Ledger.Counts, Ledger.InFlight, time.GetUtcNow(), Ledger.Prefix?.StoppedAt,
            Ledger.Awaiting) with { Coordinator = silo.SiloAddress.ToString() };
    }
}
