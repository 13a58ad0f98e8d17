using Microsoft.Extensions.Options;

namespace Ensemble.Jobs.Checkpoints;

/// <summary>
/// How often a coordinator checkpoints and how it rides out a storage outage. Configuration
/// section <c>Ensemble:Checkpoints</c> (environment: <c>Ensemble__Checkpoints__Interval</c> and so on).
/// </summary>
public sealed class CheckpointOptions
{
    public const string Section = "Ensemble:Checkpoints";

    /// <summary>Least time between two periodic checkpoints (a forced one — submit, cancel, the end — never waits).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait before the save that follows a failed one; it doubles with each failure in a row...</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>...up to this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tries at saving a finished job's final state before leaving it to the resume reminder, which
    /// tries again at each tick (with the defaults, about two minutes of outage are waited out here).
    /// </summary>
    public int FinalSaveAttempts { get; set; } = 30;

    /// <summary>
    /// Refusals in a row (a constraint or data error: the database will say the same again) after
    /// which the job is failed with the database's reason instead of being retried for ever.
    /// </summary>
    public int PermanentErrorAttempts { get; set; } = 3;

    /// <summary>The wait before the save after <paramref name="failures"/> failed ones in a row.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        double ticks = RetryDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>Refuses settings that would hammer a database or never retry, naming the setting.</summary>
public sealed class CheckpointOptionsValidator : IValidateOptions<CheckpointOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckpointOptions o) => new OptionChecks(CheckpointOptions.Section)
        .Positive(nameof(o.Interval), o.Interval)
        .Positive(nameof(o.RetryDelay), o.RetryDelay)
        .AtLeast(nameof(o.MaxRetryDelay), o.MaxRetryDelay, o.RetryDelay, nameof(o.RetryDelay))
        .AtLeast(nameof(o.FinalSaveAttempts), o.FinalSaveAttempts, 1)
        .AtLeast(nameof(o.PermanentErrorAttempts), o.PermanentErrorAttempts, 1)
        .Result;
}
