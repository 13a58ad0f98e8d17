using Ensemble.Jobs;
using Microsoft.Extensions.Options;

namespace Ensemble.Storage.Jobs;

/// <summary>How fresh the <c>ensemble.estimates</c> table is kept while a job runs. Configuration section <c>Ensemble:EstimatesTable</c>.</summary>
public sealed class EstimatesTableOptions
{
    public const string Section = "Ensemble:EstimatesTable";

    /// <summary>
    /// Least time between two rewrites of a running job's estimates rows (they are always written at
    /// the end). The rows are a convenience for SQL; <c>results --postgres</c> recomputes exact
    /// estimates from the saved accumulator whatever this is.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class EstimatesTableOptionsValidator : IValidateOptions<EstimatesTableOptions>
{
    public ValidateOptionsResult Validate(string? name, EstimatesTableOptions o) =>
        new OptionChecks(EstimatesTableOptions.Section).Positive(nameof(o.RefreshInterval), o.RefreshInterval).Result;
}
