using System.Globalization;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// Where one per-realisation estimate (a row of <see cref="EnsembleAccumulator.Estimates"/> with a
/// value in every realisation) sits in a flattened realisation, so a single scalar can be followed
/// on its own (the early stop, the se-vs-R history). Derived rows (tagged_covariance,
/// test_function_fluctuation, chaos_tv, histogram_l1, ...) have no per-realisation value and no
/// location.
/// </summary>
/// <param name="Index">The position in the flattened realisation.</param>
/// <param name="Time">The output time as the estimate rows carry it (step x dt).</param>
public readonly record struct ScalarLocation(int Index, double Time)
{
    /// <summary>
    /// The location of (observable, species, time, component) in the spec's layout, or a
    /// <see cref="SpecValidationException"/> naming the offending field under <paramref name="section"/>.
    /// Times match to within 1e-9 relative, as estimate queries do.
    /// </summary>
    public static ScalarLocation Find(SimulationSpec spec, string observable, string species, double time, string component, string section)
    {
        var layout = new EnsembleLayout(spec);
        var blockNames = Enumerable.Range(0, layout.BlockWidth).Select(layout.NameOf).ToArray();
        var observables = blockNames.Select(n => n.Observable).Concat(layout.Limit.JointNames.Select(n => n.Observable)).Distinct().ToArray();
        Require(observables.Contains(observable), $"{section}.observable",
            $"an estimate with a value per realisation ({string.Join(", ", observables)}), found \"{observable}\"");
        bool joint = layout.Limit.JointNames.Any(n => n.Observable == observable);
        var speciesAllowed = joint ? ["all"] : layout.SpeciesLabels;
        Require(speciesAllowed.Contains(species), $"{section}.species",
            $"{string.Join(" or ", speciesAllowed.Select(s => $"\"{s}\""))} for {observable}, found \"{species}\"");
        int t = Array.FindIndex(layout.Times, x => Math.Abs(x - time) <= 1e-9 * Math.Max(1.0, Math.Abs(time)));
        Require(t >= 0, $"{section}.time",
            $"one of the output times ({string.Join(", ", layout.Times.Select(Show))}), found {Show(time)}");
        var names = joint ? layout.Limit.JointNames.ToArray() : blockNames;
        int i = Array.FindIndex(names, n => n.Observable == observable && n.Component == component);
        Require(i >= 0, $"{section}.component",
            $"a component of {observable} ({string.Join(", ", names.Where(n => n.Observable == observable).Select(n => n.Component))}), found \"{component}\"");
        int index = joint
            ? layout.JointOffset + t * layout.JointWidth + i
            : (t * layout.SpeciesCount + Array.IndexOf(layout.SpeciesLabels, species)) * layout.BlockWidth + i;
        return new ScalarLocation(index, layout.Times[t]);
    }

    private static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string field, string expectation)
    {
        if (!condition) throw new SpecValidationException(field, expectation);
    }
}
