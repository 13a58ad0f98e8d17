namespace Ensemble.Reports.Data;

/// <summary>The estimate and its standard error when the first <see cref="Realisations"/> seeds (in seed order) are folded in.</summary>
public sealed record StandardErrorPoint(long Realisations, double Mean, double StandardError);

/// <summary>
/// One estimate's standard error against R (R = 8, 16, 32, … in seed order), and where the points come from
/// (<see cref="Source"/>, one phrase, e.g. "the first 64 seeds re-run for this report" or the coordinator's record).
/// </summary>
public sealed record StandardErrorSeries(string Observable, string Species, double Time, string Component, string Source,
    IReadOnlyList<StandardErrorPoint> Points)
{
    public string Label => $"{Observable} {Component} of {Species} at t = {Time:G4}";
}
