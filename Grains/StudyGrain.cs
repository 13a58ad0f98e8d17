using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Studies;
using Ensemble.Jobs.Submissions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Ensemble.Grains;

/// <summary>
/// A study: its spec and where it stands in grain state, its rows in the study store (PostgreSQL), its points ordinary
/// jobs. Submitting records the study first, then submits every point whose job does not exist yet (a point whose job
/// exists is only read: never resubmitted, so a finished point is never recomputed). While the study runs, a timer
/// (keeping the grain active) follows the points and a reminder brings the grain back after its silo is lost; when
/// every point has finished the study records its status and fits, and drops both.
/// </summary>
[Reentrant]
public sealed class StudyGrain(
    [PersistentState("study", EnsembleStorage.Jobs)] IPersistentState<StudyState> state,
    IStudyStore store,
    IOptions<DispatchOptions> dispatching,
    IOptions<BudgetOptions> budgets,
    IOptions<JobResumeOptions> resume,
    TimeProvider time,
    ILocalSiloDetails silo,
    ILogger<StudyGrain> logger) : Grain, IStudyGrain, IRemindable
{
    private const string ReminderName = "study";
    private static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);

    private IReadOnlyList<StudyPoint>? _points;
    private StudySpec? _spec;
    private IGrainTimer? _timer;
    private Task? _recording;
    private Task? _submitting;
    private Task? _finishing;

    private string StudyId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A study that was running when its grain went away follows its points again (and submits any it had not yet).
        if (state.State.SpecJson is not null && state.State.Status == StudyStatus.Running) Follow();
        return Task.CompletedTask;
    }

    public async Task<StudyStatusReport> Submit(string studySpecJson)
    {
        var spec = StudySpecJson.Parse(studySpecJson);
        if (spec.Id is { } id && id != StudyId)
            throw new JobRejectedException(ErrorKind.InvalidSpec, "id", $"the study's id \"{StudyId}\" (or no id), found \"{id}\"");
        string canonical = StudySpecJson.Canonical(studySpecJson);
        // Two first submissions at once (two clients) record the study once: the second waits for the first's record
        // (and, should the first be refused, records its own).
        while (state.State.SpecJson is null)
        {
            if (_recording is not { } other)
            {
                await (_recording = RecordOnce(spec, canonical));
                break;
            }
            try
            {
                await other;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another submission's refusal is not this one's.
            }
        }
        if (state.State.SpecJson != canonical)
            throw new JobRejectedException(ErrorKind.Conflict, "study",
                $"study '{StudyId}' was started with another spec; give this one another id (\"id\" in the spec or --study)");
        if (state.State.Status == StudyStatus.Running)
        {
            await SubmitPoints();
            Follow();
        }
        return await GetStatus();
    }

    public async Task<StudyStatusReport> GetStatus()
    {
        var points = Points;
        var reports = await Task.WhenAll(points.Select(p => PointStatus(p.JobId)));
        var (status, message) = StudyStatusReport.Derive(reports);
        if (status != StudyStatus.Running && state.State.Status == StudyStatus.Running)
        {
            try
            {
                await Finish(status, message, reports);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The status stands (it is the points'); recording it is tried again at the next look.
                GrainLog.StudyNotFollowed(logger, StudyId, e);
            }
        }
        return new StudyStatusReport
        {
            StudyId = StudyId, Status = status, Message = message, Points = reports, CreatedAt = state.State.CreatedAt,
            FinishedAt = status == StudyStatus.Running ? null : state.State.FinishedAt, Host = silo.SiloAddress.ToString(),
        };
    }

    public Task<string?> GetSpec() => Task.FromResult(state.State.SpecJson);

    public async Task<StudyPointEstimates?[]> GetEstimates()
    {
        var fits = Spec.Fits;
        return await Task.WhenAll(Points.Select(async p =>
        {
            var job = GrainFactory.GetGrain<IJobGrain>(p.JobId);
            if (await job.GetDefinition() is null) return null;
            var report = await job.GetEstimates(new EstimateQuery());
            return new StudyPointEstimates(p.Index, p.JobId, report.Status, report.Realisations, StudyEstimates.Needed(report.Rows, fits));
        }));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return;
        if (state.State.Status != StudyStatus.Running) await DropReminder();
    }

    /// <summary>
    /// Records a new study, after every point passed the checks its coordinator will make (budgets included): a study is
    /// refused whole, never left with points that can never run.
    /// </summary>
    private async Task RecordOnce(StudySpec spec, string canonical)
    {
        try
        {
            foreach (var point in StudyGrid.Expand(StudyId, spec))
            {
                try
                {
                    SubmissionValidator.Validate(point.JobId, point.Submission, dispatching.Value, budgets.Value);
                }
                catch (EnsembleException e)
                {
                    throw new JobRejectedException(e.Kind, $"grid point {point.Index} ({point.Describe()}): {e.Field}", e.Reason);
                }
            }
            var created = time.GetUtcNow();
            // Listed first (an idempotent call): a listed study whose state never got written lists as not submitted.
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.StudiesKey).Register(StudyId, null, created);
            state.State = new StudyState { SpecJson = canonical, CreatedAt = created, Status = StudyStatus.Running };
            await state.WriteStateAsync();
            await store.SaveAsync(Record(null));
        }
        catch
        {
            if (state.State.SpecJson is null) _recording = null; // refused or not recorded: the next submission tries afresh
            throw;
        }
    }

    private StudySpec Spec => _spec ??= StudySpecJson.Parse(state.State.SpecJson ?? throw UnknownStudy());

    private IReadOnlyList<StudyPoint> Points => _points ??= StudyGrid.Expand(StudyId, Spec);

    private JobRejectedException UnknownStudy() => new(ErrorKind.UnknownJob, "study", $"no study '{StudyId}' has been submitted");

    /// <summary>Submits the points whose jobs do not exist; an existing job must be the point's own (same identity).</summary>
    private Task SubmitPoints() => _submitting is { IsCompletedSuccessfully: true } done ? done : _submitting = SubmitPointsOnce();

    private async Task SubmitPointsOnce()
    {
        foreach (var point in Points)
        {
            var job = GrainFactory.GetGrain<IJobGrain>(point.JobId);
            if (await job.GetDefinition() is { } existing)
            {
                SubmissionValidator.CheckSameIdentity(existing, SubmissionValidator.Validate(point.JobId, point.Submission, dispatching.Value).Definition);
                continue;
            }
            await job.Submit(point.Submission);
        }
    }

    private void Follow()
    {
        _timer ??= this.RegisterGrainTimer(async _ =>
        {
            try
            {
                await SubmitPoints();
                await GetStatus();
            }
            catch (Exception e)
            {
                GrainLog.StudyNotFollowed(logger, StudyId, e);
            }
        }, new GrainTimerCreationOptions(FollowEvery, FollowEvery) { KeepAlive = true, Interleave = true });
        _ = HoldReminder();
    }

    /// <summary>A point's job status, null while it is not submitted: one call, not the job's whole definition every poll.</summary>
    private async Task<JobStatusReport?> PointStatus(string jobId)
    {
        try
        {
            return await GrainFactory.GetGrain<IJobGrain>(jobId).GetStatus();
        }
        catch (JobRejectedException e) when (e.Kind == ErrorKind.UnknownJob)
        {
            return null;
        }
    }

    private Task Finish(StudyStatus status, string? message, JobStatusReport?[] reports) =>
        _finishing ??= FinishOnce(status, message, reports);

    private async Task FinishOnce(StudyStatus status, string? message, JobStatusReport?[] reports)
    {
        var finished = reports.Max(r => r?.FinishedAt) ?? time.GetUtcNow();
        var report = new StudyStatusReport { StudyId = StudyId, Status = status, Message = message, Points = reports };
        var results = StudyAnalysis.Analyse(StudyId, Spec, Points, report, await GetEstimates());
        try
        {
            // The rows first: once grain state says finished, nothing here runs again.
            await store.SaveAsync(Record(StudyFitsJson.Write(results)) with { Status = status, Message = message, FinishedAt = finished });
            state.State.Status = status;
            state.State.Message = message;
            state.State.FinishedAt = finished;
            await state.WriteStateAsync();
        }
        catch
        {
            _finishing = null; // tried again at the next look
            throw;
        }
        _timer?.Dispose();
        _timer = null;
        await DropReminder();
    }

    private StudyRecord Record(string? fits) => new(StudyId, state.State.SpecJson!, state.State.Status, state.State.Message, Points,
        state.State.CreatedAt ?? time.GetUtcNow(), state.State.FinishedAt, fits);

    private async Task HoldReminder()
    {
        try
        {
            var period = resume.Value.ResumePeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
        catch (Exception e)
        {
            GrainLog.StudyNotFollowed(logger, StudyId, e);
        }
    }

    private async Task DropReminder()
    {
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception e)
        {
            GrainLog.StudyNotFollowed(logger, StudyId, e);
        }
    }
}

/// <summary>A study's grain state: its spec (canonical text), when it started and finished, and its status.</summary>
[GenerateSerializer, Alias("Ensemble.StudyState")]
public sealed class StudyState
{
    [Id(0)] public string? SpecJson { get; set; }
    [Id(1)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(3)] public StudyStatus Status { get; set; }
    [Id(4)] public string? Message { get; set; }
}
