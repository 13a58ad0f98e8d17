using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs.Limits;

/// <summary>What a job's start came to for its limit: ready to dispatch, failed (with the reason), or stopped (the activation is going).</summary>
public enum LimitStartOutcome
{
    Ready,
    Failed,
    Stopped,
}

/// <param name="Outcome">Whether realisations may be dispatched.</param>
/// <param name="Failure">Why the job fails, when it does.</param>
/// <param name="Unsolvable">The PDE itself could not be solved (not a storage refusal): there is no limit to show.</param>
public sealed record LimitStart(LimitStartOutcome Outcome, string? Failure = null, bool Unsolvable = false)
{
    public static LimitStart Ready { get; } = new(LimitStartOutcome.Ready);
    public static LimitStart Stopped { get; } = new(LimitStartOutcome.Stopped);
}

/// <summary>
/// The start of a job whose spec has a limit section, before any realisation is dispatched: the
/// limit is solved (or taken from the silo's cache, through <c>solve</c>), its tables are written to
/// the store in one transaction (fenced by the activation's epoch; a store with no tables writes
/// nothing), and only then may dispatch begin. A PDE that cannot be solved fails the job with the
/// solver's reason and nothing is written; a transient storage failure is retried with the
/// checkpoints' back-off; a permanent one, after as many refusals as a checkpoint's, fails the job.
/// A resumed job goes through it again: the solve is deterministic and the write replaces the rows.
/// </summary>
public sealed class JobLimitStart(IJobBookStore store, CheckpointOptions options, TimeProvider time, ILogger logger)
{
    /// <param name="solve">The limit's tables (<see cref="LimitTables.Of(LimitSet, IReadOnlyList{string})"/> of the solved set).</param>
    public async Task<LimitStart> RunAsync(JobDefinition definition, long epoch, Func<Task<LimitTables>> solve, CancellationToken stop)
    {
        if (SpecJson.Parse(definition.SpecJson).Limit is null) return LimitStart.Ready;
        LimitTables tables;
        try
        {
            tables = await solve();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            string reason = Describe(e);
            JobLog.LimitFailed(logger, definition.JobId, reason, e);
            return new LimitStart(LimitStartOutcome.Failed, reason, Unsolvable: true);
        }
        int failures = 0, refusals = 0;
        while (true)
        {
            if (stop.IsCancellationRequested) return LimitStart.Stopped;
            try
            {
                await store.SaveLimitAsync(definition.JobId, epoch, tables, stop);
                return LimitStart.Ready;
            }
            catch (StoreException e) when (e.Failure == StoreFailure.Fenced)
            {
                // A newer activation owns the job; it writes the limit itself.
                return LimitStart.Stopped;
            }
            catch (StoreException e)
            {
                failures++;
                if (e.Failure == StoreFailure.Permanent && ++refusals >= options.PermanentErrorAttempts)
                    return new LimitStart(LimitStartOutcome.Failed, $"the database refused the job's limit {refusals} times: {e.Reason}");
                JobLog.LimitSaveRetried(logger, definition.JobId, failures, e);
            }
            try
            {
                await Task.Delay(options.DelayAfter(failures), time, stop);
            }
            catch (OperationCanceledException)
            {
                return LimitStart.Stopped;
            }
        }
    }

    /// <summary>The job's failure message for a limit that could not be solved.</summary>
    public static string Describe(Exception e) => e is LimitFailureException failure
        ? $"limit: the {LimitTables.EquationName(failure.Equation)} equation cannot be solved: {failure.Message}"
        : $"limit: the PDE solver failed ({e.GetType().Name}): {e.Message}";
}
