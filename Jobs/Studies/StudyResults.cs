using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Studies;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// A study's results as plain records, for tables, reports and plots: its points (parameters, job ids, status, R),
/// and per fitted estimate each point's value ± se and the rates fitted against each grid parameter.
/// </summary>
public sealed record StudyResults(
    string StudyId,
    StudyStatus Status,
    IReadOnlyList<StudyParameter> Axes,
    IReadOnlyList<StudyPointResult> Points,
    IReadOnlyList<StudyFitResult> Fits);

public sealed record StudyPointResult(int Index, string JobId, IReadOnlyList<ParameterValue> Parameters, JobStatus? Status, long Realisations);

/// <summary>One fitted estimate: its value at each point that has one, and the rates.</summary>
public sealed record StudyFitResult(FitTarget Target, IReadOnlyList<PointEstimate> Estimates, IReadOnlyList<StudyRate> Rates);

/// <summary>
/// A point's estimate (NaN where it cannot be estimated yet) with its standard error and count, and the floor's when
/// the observable has a noise floor.
/// </summary>
public sealed record PointEstimate(int Index, double Mean, double StandardError, long Count, double? Floor, double? FloorStandardError);

/// <summary>
/// A log-log slope against <see cref="Against"/> over the points that share the other axes' values
/// (<see cref="Fixed"/>; empty for a one-axis grid), with the points it used.
/// </summary>
public sealed record StudyRate(StudyParameter Against, IReadOnlyList<ParameterValue> Fixed, IReadOnlyList<int> PointIndices, RateFit Fit)
{
    public string Describe() => $"vs {Against.Name()}" + (Fixed.Count == 0 ? "" : $" at {string.Join(", ", Fixed)}");
}
