using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Ensemble.Simulation.Studies;

/// <summary>Fits <see cref="RateFit"/>s; see there for the method.</summary>
public static class RateFitter
{
    /// <summary>A point within this many standard errors of zero or of its floor is at the noise floor.</summary>
    public const double FloorSigmas = 2.0;

    public static RateFit Fit(IReadOnlyList<RatePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var p in points)
        {
            if (!(p.Parameter > 0) || !double.IsFinite(p.Parameter))
                throw new ArgumentException($"a study parameter must be positive and finite, found {p.Parameter}", nameof(points));
            if (!double.IsFinite(p.Value) || !(p.StandardError >= 0) || !double.IsFinite(p.StandardError))
                throw new ArgumentException(
                    $"a finite estimate with a finite nonnegative standard error, found {p.Value} ± {p.StandardError}", nameof(points));
        }
        var ordered = points.OrderBy(p => p.Parameter).ToArray();
        int n = ordered.Length;
        var floored = ordered.Where(AtFloor).ToArray();
        double[] x = ordered.Select(p => Math.Log(p.Parameter)).ToArray();
        double[] y = ordered.Select(p => Math.Log(Math.Abs(p.Value))).ToArray();
        // A zero standard error (exact value) would take all the weight; a relative 1e-12 keeps the fit defined.
        double[] w = ordered.Select(p => 1.0 / Square(Math.Max(p.StandardError, 1e-12 * Math.Abs(p.Value)) / Math.Abs(p.Value))).ToArray();
        var pairwise = Enumerable.Range(0, Math.Max(0, n - 1))
            .Select(i => ordered[i].Value == 0 || ordered[i + 1].Value == 0 || x[i + 1] == x[i] ? double.NaN : (y[i + 1] - y[i]) / (x[i + 1] - x[i]))
            .ToArray();
        if (n < 3 || ordered.Select(p => p.Parameter).Distinct().Count() < 3)
            return Unfitted(n, pairwise, RateVerdict.TooFewPoints,
                $"{n} point{(n == 1 ? "" : "s")} ({ordered.Select(p => p.Parameter).Distinct().Count()} distinct parameters): a slope needs at least 3");
        if (ordered.Any(p => p.Value == 0))
            return Unfitted(n, pairwise, RateVerdict.AtNoiseFloor, "an estimate is exactly 0: its logarithm is undefined");

        double sw = w.Sum(), xm = Dot(w, x) / sw, ym = Dot(w, y) / sw;
        double sxx = 0.0, sxy = 0.0;
        for (int i = 0; i < n; i++)
        {
            sxx += w[i] * (x[i] - xm) * (x[i] - xm);
            sxy += w[i] * (x[i] - xm) * (y[i] - ym);
        }
        double slope = sxy / sxx, intercept = ym - slope * xm;
        double chi2 = 0.0;
        for (int i = 0; i < n; i++) chi2 += w[i] * Square(y[i] - intercept - slope * x[i]);
        int dof = n - 2;
        double reduced = chi2 / dof;
        double se = Math.Sqrt(reduced / sxx);
        double t = StudentT.InvCDF(0.0, 1.0, dof, 0.975);
        double lower = slope - t * se, upper = slope + t * se;
        string interval = string.Create(CultureInfo.InvariantCulture, $"slope {slope:F3} ± {se:F3} (95% CI [{lower:F3}, {upper:F3}], {n} points)");
        string where = string.Join(", ", floored.Select(p => p.Parameter.ToString("G4", CultureInfo.InvariantCulture)));
        string floorReason = $"{floored.Length} estimate{(floored.Length == 1 ? " is" : "s are")} within {FloorSigmas} standard errors "
            + $"of zero or of the noise floor (at parameter {where})";
        var (verdict, explanation) = floored.Length > 0
            ? (RateVerdict.AtNoiseFloor, $"{interval} is not a rate: {floorReason}")
            : upper - lower > Math.Abs(slope)
                ? (RateVerdict.WiderThanSlope, $"{interval} is not a rate: the 95% interval is wider than the slope's size")
                : (RateVerdict.Meaningful, interval);
        return new RateFit
        {
            Points = n, Slope = slope, SlopeStandardError = se, Lower95 = lower, Upper95 = upper, Intercept = intercept,
            ReducedChiSquare = reduced, PairwiseOrders = pairwise, Verdict = verdict, Explanation = explanation,
        };
    }

    private static bool AtFloor(RatePoint p)
    {
        if (Math.Abs(p.Value) <= FloorSigmas * p.StandardError) return true;
        if (p.Floor is not { } floor) return false;
        double combined = Math.Sqrt(Square(p.StandardError) + Square(p.FloorStandardError ?? 0.0));
        return p.Value - floor <= FloorSigmas * combined;
    }

    private static RateFit Unfitted(int n, double[] pairwise, RateVerdict verdict, string why) => new()
    {
        Points = n, Slope = double.NaN, SlopeStandardError = double.NaN, Lower95 = double.NaN, Upper95 = double.NaN, Intercept = double.NaN,
        ReducedChiSquare = double.NaN, PairwiseOrders = pairwise, Verdict = verdict, Explanation = $"no slope: {why}",
    };

    private static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Square(double v) => v * v;
}
