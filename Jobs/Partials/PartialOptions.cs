using Microsoft.Extensions.Options;

namespace Ensemble.Jobs.Partials;

/// <summary>
/// When a coordinator collects a silo's partial sums. Configuration section <c>Ensemble:Partials</c>. A partial of
/// W1 is about 200 KB whatever it holds, so it is worth sending once it holds a few hundred realisations; under a light
/// load the interval sends it sooner (the coordinator has time to spare then), and the job's end collects everything
/// at once. Realisations computed and not yet collected are recomputed if their silo or the whole cluster dies, so
/// these two also bound that recomputation (see README, Run a cluster).
/// </summary>
public sealed class PartialOptions
{
    public const string Section = "Ensemble:Partials";

    /// <summary>A silo's partial is collected once it holds this many realisations ...</summary>
    public int FlushRealisations { get; set; } = 512;

    /// <summary>... or once this long has passed with realisations waiting in some silo's partial.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A collect not answered within this is given up: the silo is taken as lost and its seeds are dispatched again.</summary>
    public TimeSpan CollectTimeout { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class PartialOptionsValidator : IValidateOptions<PartialOptions>
{
    public ValidateOptionsResult Validate(string? name, PartialOptions o) => new OptionChecks(PartialOptions.Section)
        .AtLeast(nameof(o.FlushRealisations), o.FlushRealisations, 1)
        .Positive(nameof(o.FlushInterval), o.FlushInterval, TimeSpan.FromDays(1))
        .Positive(nameof(o.CollectTimeout), o.CollectTimeout, TimeSpan.FromDays(1))
        .Result;
}
