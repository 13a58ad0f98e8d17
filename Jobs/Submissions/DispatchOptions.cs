using Microsoft.Extensions.Options;

namespace Ensemble.Jobs.Submissions;

/// <summary>What a silo assumes for a submission that leaves a dispatch setting out. Configuration section <c>Ensemble:Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Ensemble:Dispatch";

    /// <summary>
    /// A realisation attempt not reported within this time is treated as an infrastructure fault
    /// and retried. It counts time queued on a silo too, so it must exceed a window's worth of
    /// queueing, not only one realisation's computing time.
    /// </summary>
    public TimeSpan RealisationTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions o) => new OptionChecks(DispatchOptions.Section)
        .Positive(nameof(o.RealisationTimeout), o.RealisationTimeout, SubmissionValidator.MaxRealisationTimeout)
        .Result;
}
