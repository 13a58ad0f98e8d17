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
    public ValidateOptionsResult Validate(string? name, CheckpointOptions o)
    {
        var errors = new List<string>();
        if (o.Interval <= TimeSpan.Zero) errors.Add($"{CheckpointOptions.Section}:Interval: a positive duration, found {o.Interval}");
        if (o.RetryDelay <= TimeSpan.Zero) errors.Add($"{CheckpointOptions.Section}:RetryDelay: a positive duration, found {o.RetryDelay}");
        if (o.MaxRetryDelay < o.RetryDelay)
            errors.Add($"{CheckpointOptions.Section}:MaxRetryDelay: at least RetryDelay ({o.RetryDelay}), found {o.MaxRetryDelay}");
        if (o.FinalSaveAttempts < 1) errors.Add($"{CheckpointOptions.Section}:FinalSaveAttempts: at least 1, found {o.FinalSaveAttempts}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
