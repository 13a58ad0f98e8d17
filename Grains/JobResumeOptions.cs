using Ensemble.Jobs;
using Microsoft.Extensions.Options;

namespace Ensemble.Grains;

/// <summary>
/// How a running job comes back after its coordinator's silo died: a reminder, registered while the
/// job runs, activates the coordinator on a surviving silo, which resumes from its last checkpoint.
/// Configuration section <c>Ensemble:Jobs</c>.
/// </summary>
public sealed class JobResumeOptions
{
    public const string Section = "Ensemble:Jobs";

    /// <summary>The reminder's period: the longest a job waits, after its silo is declared dead, to resume.</summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class JobResumeOptionsValidator : IValidateOptions<JobResumeOptions>
{
    public ValidateOptionsResult Validate(string? name, JobResumeOptions o) =>
        new OptionChecks(JobResumeOptions.Section).Positive(nameof(o.ResumePeriod), o.ResumePeriod).Result;
}
