using Ensemble.Simulation.Studies;

namespace Ensemble.Reports.Data;

/// <summary>
/// Everything a study's report shows, as plain data: the study spec as text, the grid parameter's name
/// (<c>N</c>, <c>eta</c>, <c>eps</c> or <c>dt</c>) and, per observable, its points (parameter, estimate ± se) with
/// their fit.
/// </summary>
public sealed record StudyReportInput(string StudyId, string SpecText, string Parameter, IReadOnlyList<StudySeries> Series);

/// <summary>
/// One observable across a study's grid: its points, the fitted log-log slope (<see cref="RateFitter"/>; null to fit
/// here) and the papers' predicted slope (null to take <see cref="PredictedRates"/>'s, if it knows one).
/// </summary>
public sealed record StudySeries(string Observable, string Species, double Time, string Component, IReadOnlyList<RatePoint> Points,
    RateFit? Fit = null, PredictedRate? Predicted = null)
{
    public string Label => Species == "all" ? $"{Observable} ({Component})" : $"{Observable} {Component} of {Species}";
}

/// <summary>A rate a theorem predicts, and which one (e.g. "Carrillo–Guo Prop. 1.2: C(ε, t)/N").</summary>
public sealed record PredictedRate(double Slope, string Source);
