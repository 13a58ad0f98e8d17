namespace Ensemble.Jobs.Coordination;

/// <summary>Where one activation of a job coordinator is in its life (see <see cref="JobLifecycle"/>).</summary>
public enum JobPhase
{
    /// <summary>Not dispatching: nothing submitted yet, or a finished job loaded to answer queries.</summary>
    Idle,

    /// <summary>Dispatching; the resume reminder is not registered yet (each checkpoint tick tries again).</summary>
    Starting,

    /// <summary>Dispatching, and the resume reminder is held, so the job comes back if this silo dies.</summary>
    Running,

    /// <summary>Cancelled on request: nothing new is dispatched; what is in flight still folds in.</summary>
    Draining,

    /// <summary>Dispatch is over; the final state is being saved (the reminder stays until storage has it).</summary>
    Finishing,

    /// <summary>The final state is saved and the reminder dropped.</summary>
    Finished,

    /// <summary>The activation is going away: nothing new is dispatched, one last checkpoint is written.</summary>
    Deactivating,

    /// <summary>Nothing more is written: another activation may already own the job.</summary>
    Closed,
}

/// <summary>
/// The lifecycle of a coordinator activation as one explicit state with guarded moves, instead of
/// flags that could contradict each other (cancelled and deactivating and closed at once). A move
/// that makes no sense from the current phase is ignored where it can legitimately race (a cancel
/// after the end) and refused otherwise.
/// </summary>
public sealed class JobLifecycle
{
    public JobPhase Phase { get; private set; } = JobPhase.Idle;

    /// <summary>New realisations may be dispatched.</summary>
    public bool MayDispatch => Phase is JobPhase.Starting or JobPhase.Running;

    /// <summary>The resume reminder still has to be registered.</summary>
    public bool WantsReminder => Phase == JobPhase.Starting;

    /// <summary>This activation is going away (or gone): what is in flight is left to the next one.</summary>
    public bool IsStopping => Phase is JobPhase.Deactivating or JobPhase.Closed;

    public bool IsClosed => Phase == JobPhase.Closed;

    public void Start() => Move(JobPhase.Starting, JobPhase.Idle);

    public void ReminderHeld()
    {
        if (Phase == JobPhase.Starting) Phase = JobPhase.Running;
    }

    /// <summary>A cancel request; ignored once dispatch is over (the job has finished anyway).</summary>
    public void Cancel()
    {
        if (MayDispatch) Phase = JobPhase.Draining;
    }

    /// <summary>The job failed while dispatching (storage refuses its checkpoints): nothing new is dispatched; what is in flight drains.</summary>
    public void Fail()
    {
        if (MayDispatch) Phase = JobPhase.Draining;
    }

    /// <summary>Dispatch ended on its own (every realisation accounted for, drained, or failed).</summary>
    public void DispatchEnded()
    {
        if (!IsStopping) Move(JobPhase.Finishing, JobPhase.Starting, JobPhase.Running, JobPhase.Draining);
    }

    /// <summary>A finished job loaded by a new activation: its reminder may still be held.</summary>
    public void LoadedFinished() => Move(JobPhase.Finishing, JobPhase.Idle);

    public void ReminderDropped()
    {
        if (Phase == JobPhase.Finishing) Phase = JobPhase.Finished;
    }

    public void Deactivate()
    {
        if (!IsStopping) Phase = JobPhase.Deactivating;
    }

    public void Close() => Phase = JobPhase.Closed;

    private void Move(JobPhase to, params JobPhase[] from)
    {
        if (!from.Contains(Phase)) throw new InvalidOperationException($"a job coordinator cannot go from {Phase} to {to}");
        Phase = to;
    }

    public override string ToString() => Phase.ToString();
}
