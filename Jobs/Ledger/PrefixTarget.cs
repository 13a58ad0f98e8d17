using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Ledger;

/// <summary>
/// The estimate a job follows over prefixes of seeds: its stop rule's, or by default the first
/// species' mean x at the last output time (every spec has it, and it is the estimate users read
/// first). <see cref="Location"/> is where its value sits in a flattened realisation.
/// </summary>
public sealed record PrefixTarget(string Observable, string Species, double Time, string Component, ScalarLocation Location, StopSpec? Rule)
{
    public static PrefixTarget Of(SimulationSpec spec)
    {
        if (spec.Stop is { } stop)
        {
            var located = ScalarLocation.Find(spec, stop.Observable, stop.Species, stop.Time, stop.Component, "stop");
            return new PrefixTarget(stop.Observable, stop.Species, located.Time, stop.Component, located, stop);
        }
        string species = spec.Model.AllSpecies()[0].Name ?? "0";
        double last = spec.Time.OutputSteps()[^1] * spec.Time.Dt;
        var location = ScalarLocation.Find(spec, "mean", species, last, "x", "prefix");
        return new PrefixTarget("mean", species, location.Time, "x", location, null);
    }

    /// <summary>
    /// Whether the fold of the first <paramref name="prefix"/> seeds meets the rule: at least
    /// MinRealisations seeds, an se that exists (two values folded), and se &lt;= targetSe or
    /// se &lt;= relativeSe |mean|.
    /// </summary>
    public bool Meets(int prefix, long count, double mean, double se)
    {
        if (Rule is not { } rule || prefix < rule.MinRealisations || count < 2 || !double.IsFinite(se)) return false;
        return rule.TargetSe is { } target ? se <= target : se <= rule.RelativeSe!.Value * Math.Abs(mean);
    }
}
