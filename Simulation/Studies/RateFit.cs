namespace Ensemble.Simulation.Studies;

/// <summary>
/// A log-log slope fitted to a study's points: log |value| = intercept + slope log parameter, by weighted least
/// squares with weights 1 / se(log value)^2 (se(log value) = se / |value|, the delta method).
/// <see cref="SlopeStandardError"/> is the weighted least-squares one with the weights' scale taken from the scatter
/// about the line (sqrt(chi^2 / dof / S_xx)), so the standard errors fix the relative weights and the residuals the
/// size; with Student's t at n - 2 degrees of freedom the 95% interval then has its level for Gaussian errors in log
/// value, however few the points (tested: 95.0% coverage over 2000 synthetic studies of 5 points).
/// <see cref="PairwiseOrders"/>: the slope between each pair of neighbouring points (ascending parameter), as
/// convergence tables show them. When <see cref="Verdict"/> is not <see cref="RateVerdict.Meaningful"/>, the numbers
/// are still filled where they can be computed (NaN otherwise) but must be shown with <see cref="Explanation"/>, not as
/// a rate.
/// </summary>
public sealed record RateFit
{
    public required int Points { get; init; }
    public required double Slope { get; init; }
    public required double SlopeStandardError { get; init; }
    public required double Lower95 { get; init; }
    public required double Upper95 { get; init; }
    public required double Intercept { get; init; }

    /// <summary>chi^2 of the residuals over n - 2 (NaN below three points): about 1 when the line and the errors fit.</summary>
    public required double ReducedChiSquare { get; init; }

    public required IReadOnlyList<double> PairwiseOrders { get; init; }
    public required RateVerdict Verdict { get; init; }

    /// <summary>One sentence: the slope with its interval, or why there is none.</summary>
    public required string Explanation { get; init; }
}
