using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;

namespace Ensemble.Jobs.Submissions;

/// <summary>A submission that passed every check: the job's identity (canonical spec text), its parsed spec and how to dispatch it.</summary>
public sealed record ValidSubmission(JobDefinition Definition, SimulationSpec Spec, DispatchSettings Dispatch);

/// <summary>
/// Checks a submission at the boundary, once, before anything is recorded: each refusal names the
/// field and what was expected there.
/// </summary>
public static class SubmissionValidator
{
    /// <summary>The longest per-attempt deadline a timer can hold (2^32 - 2 ms, about 49.7 days).</summary>
    public static readonly TimeSpan MaxRealisationTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// The most realisations the books' layout holds (arrays indexed by seed). The configurable
    /// budget <c>Ensemble:Budgets:MaxRealisations</c> (default 10^7) is checked on top of it.
    /// </summary>
    public const int MaxRealisations = Ledger.JobBooks.MaxRealisations;

    public static ValidSubmission Validate(string jobId, JobSubmission submission, DispatchOptions defaults, BudgetOptions? budgets = null)
    {
        JobId.Checked(jobId);
        if (submission.Realisations is < 1 or > MaxRealisations)
            throw Refused(ErrorKind.InvalidOption, "realisations", $"from 1 to {MaxRealisations}, found {submission.Realisations}");
        if (submission.Name is { } name && (name.Contains('\0') || name.Length > JobId.MaxLength))
            throw Refused(ErrorKind.InvalidOption, "name", $"text of at most {JobId.MaxLength} characters without NUL characters");
        if (submission.MaxInFlight < 1) throw Refused(ErrorKind.InvalidOption, "maxInFlight", $"at least 1, found {submission.MaxInFlight}");
        if (submission.MaxAttempts is < 1 or > byte.MaxValue)
            throw Refused(ErrorKind.InvalidOption, "maxAttempts", $"from 1 to {byte.MaxValue}, found {submission.MaxAttempts}");
        var timeout = submission.RealisationTimeout ?? defaults.RealisationTimeout;
        if (timeout <= TimeSpan.Zero || timeout > MaxRealisationTimeout)
            throw Refused(ErrorKind.InvalidOption, "realisationTimeout", $"a positive duration of at most {MaxRealisationTimeout.Days} days, found {timeout}");
        SimulationSpec spec;
        try
        {
            spec = SpecJson.Parse(submission.SpecJson);
        }
        catch (SpecValidationException e)
        {
            throw Refused(ErrorKind.InvalidSpec, e.Field, e.Expectation);
        }
        // The job's R is the most a stop rule may fold, so its minimum must fit under it.
        if (spec.Stop is { } stop && stop.MinRealisations > submission.Realisations)
            throw Refused(ErrorKind.InvalidSpec, "stop.minRealisations",
                $"at most the job's R = {submission.Realisations} (R is the most the stop rule may fold), found {stop.MinRealisations}");
        JobBudget.Check(spec, submission.Realisations, submission.MaxInFlight, budgets ?? new BudgetOptions());
        // The canonical text is the job's identity: formatting and property order do not matter.
        var definition = new JobDefinition(jobId, submission.Name, SpecJson.Serialize(spec), submission.Realisations, submission.MasterSeed);
        if (definition.SpecJson.Contains("\\u0000", StringComparison.Ordinal))
            throw Refused(ErrorKind.InvalidSpec, "spec", "strings without NUL characters (\\u0000), which PostgreSQL cannot store");
        return new ValidSubmission(definition, spec, new DispatchSettings(submission.MaxInFlight, submission.MaxAttempts, timeout, submission.AdaptiveWindow));
    }

    /// <summary>Refuses a different job under an id already taken; the same identity is the same job.</summary>
    public static void CheckSameIdentity(JobDefinition existing, JobDefinition submitted)
    {
        if (existing.SpecJson != submitted.SpecJson || existing.Realisations != submitted.Realisations || existing.MasterSeed != submitted.MasterSeed)
            throw Refused(ErrorKind.Conflict, "jobId",
                $"job '{existing.JobId}' already exists with a different spec, realisation count or master seed; choose another job id");
    }

    private static JobRejectedException Refused(ErrorKind kind, string field, string reason) => new(kind, field, reason);
}
