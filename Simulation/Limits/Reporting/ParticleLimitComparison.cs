using Ensemble.Simulation.Statistics;

namespace Ensemble.Simulation.Limits.Reporting;

/// <summary>
/// One particle moment (mean.x, variance.x, …) at one time next to each solved PDE's value and the weak error against
/// <see cref="ParticleLimitComparison.Reference"/>.
/// </summary>
/// <param name="Pde">Per equation, in <see cref="ParticleLimitComparison.Of"/>'s equation order: the PDE's value, or null where it has none.</param>
public sealed record MomentComparison(
    EstimateRow Particles, string Quantity, IReadOnlyList<double?> Pde, double WeakError, double WeakErrorLow, double WeakErrorHigh);

/// <summary>
/// The particles against their limit at one output time, as the command line's <c>run</c> and the dashboard show it: per species
/// and axis the particle mean and variance with each solved PDE's, the weak error against the nonlocal PDE (the estimate's own
/// <c>weak_error</c> rows when the job has them, else the particle estimate minus the PDE value, whose CI is the estimate's
/// shifted), then the distance, coupling and chaos rows the estimates hold, in <see cref="DistanceObservables"/>' order.
/// </summary>
public sealed record ParticleLimitComparison(double Time, IReadOnlyList<string> Equations, IReadOnlyList<MomentComparison> Moments,
    IReadOnlyList<EstimateRow> Distances)
{
    /// <summary>The per-realisation limit observables, in the order shown.</summary>
    public static readonly string[] DistanceObservables =
    [
        "wasserstein_1", "wasserstein_1_floor", "wasserstein_2", "wasserstein_2_floor", "sliced_wasserstein_1", "sliced_wasserstein_1_floor",
        "coupling_sup_max_abs", "coupling_sup_max_sq", "coupling_sup_sq", "chaos_tv", "chaos_tv_bias",
    ];

    /// <summary>The equation the weak error is measured against.</summary>
    public const string Reference = "nonlocal";

    /// <summary>The moment times of the estimates (mean and covariance rows), in order; empty without them.</summary>
    public static double[] MomentTimes(IReadOnlyList<EstimateRow> estimates) =>
        estimates.Where(r => r.Observable is "mean" or "covariance").Select(r => r.Time).Distinct().Order().ToArray();

    /// <summary>The comparison at <paramref name="time"/>; null without a solved limit or without particle moments at that time.</summary>
    public static ParticleLimitComparison? Of(IReadOnlyList<EstimateRow> estimates, LimitTables limit, double time)
    {
        if (limit.IsEmpty) return null;
        var equations = limit.Diagnostics.Select(d => d.Equation).ToArray();
        var moments = estimates
            .Where(r => r.Observable is "mean" or "covariance" && SameTime(r.Time, time) && IsMeanOrVariance(r))
            .Select(particle => Compare(estimates, limit, equations, particle))
            .ToArray();
        if (moments.Length == 0) return null;
        var distances = estimates
            .Where(r => SameTime(r.Time, time) && Array.IndexOf(DistanceObservables, r.Observable) >= 0)
            .OrderBy(r => Array.IndexOf(DistanceObservables, r.Observable))
            .ToArray();
        return new ParticleLimitComparison(time, equations, moments, distances);
    }

    public static bool SameTime(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static MomentComparison Compare(IReadOnlyList<EstimateRow> estimates, LimitTables limit, string[] equations, EstimateRow particle)
    {
        string quantity = particle.Observable == "mean" ? $"mean.{particle.Component}" : $"variance.{particle.Component[0]}";
        var pde = equations.Select(e => Pde(limit, e, particle)).ToArray();
        var (error, low, high) = WeakError(estimates, limit, particle);
        return new MomentComparison(particle, quantity, pde, error, low, high);
    }

    private static bool IsMeanOrVariance(EstimateRow r) =>
        r.Observable == "mean" || (r.Component.Length == 2 && r.Component[0] == r.Component[1]);

    private static double? Pde(LimitTables limit, string equation, EstimateRow particle) =>
        limit.Moments.FirstOrDefault(m => m.Equation == equation && m.Species == particle.Species && m.Observable == particle.Observable
            && m.Component == particle.Component && SameTime(m.Time, particle.Time))?.Value;

    private static (double Error, double Low, double High) WeakError(IReadOnlyList<EstimateRow> estimates, LimitTables limit, EstimateRow particle)
    {
        string component = $"{Reference}.{particle.Observable}.{particle.Component}";
        if (estimates.FirstOrDefault(r => r.Observable == "weak_error" && r.Species == particle.Species && r.Component == component
                && SameTime(r.Time, particle.Time)) is { } row)
            return (row.Mean, row.CiLow, row.CiHigh);
        // The PDE value is deterministic: the difference's interval is the estimate's, shifted.
        return Pde(limit, Reference, particle) is { } pde
            ? (particle.Mean - pde, particle.CiLow - pde, particle.CiHigh - pde)
            : (double.NaN, double.NaN, double.NaN);
    }
}
