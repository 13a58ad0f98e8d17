using Ensemble.Simulation.Statistics;

namespace Ensemble.Simulation.Specs;

/// <summary>The rules of a spec's <c>stop</c> section (early stop at a target standard error).</summary>
public static partial class SpecValidator
{
    private static void ValidateStop(StopSpec stop, SimulationSpec spec)
    {
        Require(stop.TargetSe is null != stop.RelativeSe is null, "stop",
            "exactly one of \"targetSe\" (an absolute standard error) and \"relativeSe\" (se / |mean|), found " +
            (stop.TargetSe is null ? "neither" : "both"));
        if (stop.TargetSe is { } target) Positive(target, "stop.targetSe");
        if (stop.RelativeSe is { } relative) Positive(relative, "stop.relativeSe");
        // A standard error needs two realisations; the job's R (the maximum) is checked where it is known, at submission.
        Require(stop.MinRealisations >= 2, "stop.minRealisations", $"an integer of at least 2 (an se needs two realisations), found {stop.MinRealisations}");
        Finite(stop.Time, "stop.time");
        ScalarLocation.Find(spec, stop.Observable, stop.Species, stop.Time, stop.Component, "stop");
    }
}
