using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Limits;
using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs.Coordination;

/// <summary>
/// One activation's run of a job from dispatch to its final saved state: the job starts (or
/// resumes) running, the <see cref="JobDispatcher"/> works through what is pending, the job
/// concludes (completed, cancelled, or failed with the reason), and the final state is saved.
/// The host supplies what is its own: the realisation runner and the resume reminder.
/// </summary>
public sealed class JobRun(
    JobState state,
    JobLedger ledger,
    CheckpointWriter checkpoints,
    JobLifecycle lifecycle,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>
    /// Before any realisation is dispatched, <paramref name="startLimit"/> (when given) solves and
    /// records the spec's limit; a limit that fails fails the job with nothing dispatched.
    /// With <paramref name="partials"/>, realisations reported as held on their silos are collected from there in partial sums.
    /// True once storage holds the final state (the reminder can go); false if the activation was
    /// stopped or fenced (the next one resumes) or the final save is left to the reminder.
    /// </summary>
    public async Task<bool> RunAsync(RealisationRunner run, Func<Task> holdReminder, Action dispatchEnded, CancellationToken stop,
        Func<CancellationToken, Task<LimitStart>>? startLimit = null, PartialCollection? partials = null)
    {
        var definition = state.Definition ?? throw new InvalidOperationException("a job runs only once submitted");
        state.Begin(time.GetUtcNow());
        await holdReminder();
        var dispatcher = new JobDispatcher(ledger, state.Dispatch!, checkpoints, lifecycle, run, logger, definition.JobId, partials);
        try
        {
            var limit = startLimit is null ? LimitStart.Ready : await startLimit(stop);
            if (limit.Outcome == LimitStartOutcome.Stopped || lifecycle.IsClosed) return false;
            if (limit.Outcome == LimitStartOutcome.Failed)
            {
                if (limit.Unsolvable) state.FailLimit(limit.Failure!, time.GetUtcNow());
                else state.Fail(limit.Failure!, time.GetUtcNow());
            }
            // Closed: a newer activation took the job over (fenced); the job is its to conclude.
            else if (await dispatcher.RunAsync(stop) == DispatchOutcome.Stopped || lifecycle.IsClosed) return false;
            else state.Conclude(ledger, time.GetUtcNow());
        }
        catch (Exception e)
        {
            state.Fail($"coordinator error: {e.Message}", time.GetUtcNow());
            JobLog.DispatchFailed(logger, definition.JobId, e);
        }
        lifecycle.DispatchEnded();
        dispatchEnded();
        // The final state must reach storage; if it cannot for a long while, the reminder retries.
        return await checkpoints.SaveFinal();
    }
}
