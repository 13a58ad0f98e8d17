using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Ledger;
using Microsoft.Extensions.Options;

namespace Ensemble.Jobs.Budgets;

/// <summary>
/// The most one job may ask for, checked at submission before any work (see <see cref="JobBudget"/>).
/// Configuration section <c>Ensemble:Budgets</c> (environment: <c>Ensemble__Budgets__MaxRealisations</c> and so on),
/// read by every silo and, for an embedded <c>run</c>, by the client.
/// </summary>
public sealed class BudgetOptions
{
    public const string Section = "Ensemble:Budgets";

    /// <summary>
    /// Scalars per realisation (output times x species x (moments + histogram bins + tagged + test
    /// functions)). Each costs about 256 bytes in the coordinator's accumulator and 8 in every report:
    /// the default is about 256 MB and 8 MB.
    /// </summary>
    public long MaxAccumulatorValues { get; set; } = 1_000_000;

    /// <summary>Working memory of one realisation on one worker thread (default 1 GiB).</summary>
    public long MaxRealisationBytes { get; set; } = 1L << 30;

    /// <summary>Particle-steps of the whole job, sum over species of N x steps x R (default 1e14: about 230 core-days at 5e6/s).</summary>
    public double MaxParticleSteps { get; set; } = 1e14;

    /// <summary>
    /// Realisations R of one job (default 10^7: 100 MB of coordinator books at 10 bytes each); at most
    /// <see cref="JobBooks.MaxRealisations"/>.
    /// </summary>
    public int MaxRealisations { get; set; } = 10_000_000;

    /// <summary>
    /// A job's in-flight window, <c>maxInFlight</c> (default 4096, the adaptive window's ceiling): each realisation in
    /// flight holds a grain call and, with PostgreSQL, is what a crash of the cluster recomputes, so a window of 10^9 would
    /// launch the whole job at once.
    /// </summary>
    public int MaxInFlight { get; set; } = InFlightWindow.Ceiling;
}

public sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    public ValidateOptionsResult Validate(string? name, BudgetOptions o)
    {
        var errors = new List<string>();
        if (o.MaxAccumulatorValues < 1) errors.Add($"{BudgetOptions.Section}:{nameof(o.MaxAccumulatorValues)}: at least 1, found {o.MaxAccumulatorValues}");
        if (o.MaxRealisationBytes < 1) errors.Add($"{BudgetOptions.Section}:{nameof(o.MaxRealisationBytes)}: at least 1, found {o.MaxRealisationBytes}");
        if (!(o.MaxParticleSteps >= 1) || double.IsInfinity(o.MaxParticleSteps))
            errors.Add($"{BudgetOptions.Section}:{nameof(o.MaxParticleSteps)}: a finite number of at least 1, found {o.MaxParticleSteps}");
        if (o.MaxRealisations is < 1 or > JobBooks.MaxRealisations)
            errors.Add($"{BudgetOptions.Section}:{nameof(o.MaxRealisations)}: from 1 to {JobBooks.MaxRealisations} (what the books can hold), "
                + $"found {o.MaxRealisations}");
        if (o.MaxInFlight < 1) errors.Add($"{BudgetOptions.Section}:{nameof(o.MaxInFlight)}: at least 1, found {o.MaxInFlight}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
