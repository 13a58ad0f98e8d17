using Microsoft.Extensions.Logging;

namespace Ensemble.Jobs;

/// <summary>The job layer's log messages, source-generated (no boxing, no formatting unless enabled), exceptions logged as exceptions.</summary>
internal static partial class JobLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Job {Job} realisation {Index} attempt {Attempt} failed")]
    public static partial void AttemptFailed(ILogger logger, string job, uint index, int attempt, Exception error);

    [LoggerMessage(1003, LogLevel.Information, "Job {Job} realisation {Index}: the call did not reach a worker ({Reason}); sent again in {Delay}")]
    public static partial void AttemptNotDelivered(ILogger logger, string job, uint index, string reason, TimeSpan delay);

    [LoggerMessage(1002, LogLevel.Warning, "Job {Job} checkpoint failed; the next one will retry")]
    public static partial void CheckpointFailed(ILogger logger, string? job, Exception error);

    [LoggerMessage(1003, LogLevel.Warning, "Job {Job} final checkpoint failed (attempt {Attempt}); retrying")]
    public static partial void FinalCheckpointRetried(ILogger logger, string? job, int attempt, Exception error);

    [LoggerMessage(1004, LogLevel.Error, "Job {Job} finished but could not save that; the resume reminder will retry")]
    public static partial void FinalCheckpointLeftToReminder(ILogger logger, string? job, Exception error);

    [LoggerMessage(1005, LogLevel.Error, "Job {Job} dispatch failed")]
    public static partial void DispatchFailed(ILogger logger, string job, Exception error);

    [LoggerMessage(1006, LogLevel.Warning, "Job {Job} checkpoint fenced: a newer activation owns the job; this one stops")]
    public static partial void CheckpointFenced(ILogger logger, string? job, Exception error);

    [LoggerMessage(1007, LogLevel.Error, "Job {Job} failed: the database refuses its checkpoints")]
    public static partial void CheckpointRefused(ILogger logger, string? job, Exception error);

    [LoggerMessage(1008, LogLevel.Warning, "Job {Job} could not save its limit (failure {Failures} in a row); retrying")]
    public static partial void LimitSaveRetried(ILogger logger, string job, int failures, Exception error);

    [LoggerMessage(1009, LogLevel.Warning, "Job {Job} limit could not be solved: {Reason}")]
    public static partial void LimitFailed(ILogger logger, string job, string reason, Exception error);

    [LoggerMessage(1101, LogLevel.Warning, "Job {Job}: the partial sums of silo {Silo} for {Seeds} realisations did not come; they are computed again")]
    public static partial void PartialLost(ILogger logger, string job, string silo, int seeds, Exception? error);

    [LoggerMessage(1102, LogLevel.Warning, "Job {Job}: the partial sums of silo {Silo} cannot be merged; their realisations are computed again")]
    public static partial void PartialRefused(ILogger logger, string job, string silo, Exception error);
}
