using System.Globalization;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Statistics;
using Spectre.Console;

namespace Ensemble.Client.Output;

/// <summary>
/// <c>run</c>'s comparison of the particles with their limit at the last output time T: per species
/// and axis the particle mean and variance with their CIs next to each solved PDE's, the weak error
/// against the nonlocal PDE (the estimate's own <c>weak_error</c> rows when the job has them, else the
/// particle estimate minus the PDE value, whose CI is the estimate's shifted), then whichever
/// distance, coupling and chaos rows the estimates hold, and one line per solved equation on how it was solved.
/// </summary>
public static class LimitComparisonOutput
{
    /// <summary>The per-realisation limit observables, in the order shown.</summary>
    public static readonly string[] DistanceObservables =
    [
        "wasserstein_1", "wasserstein_1_floor", "wasserstein_2", "wasserstein_2_floor", "sliced_wasserstein_1", "sliced_wasserstein_1_floor",
        "coupling_sup_max_abs", "coupling_sup_max_sq", "coupling_sup_sq", "chaos_tv", "chaos_tv_bias",
    ];

    private const string Reference = "nonlocal";

    public static void Write(EstimatesReport estimates, LimitReport limit)
    {
        if (!limit.HasLimit) return;
        var moments = estimates.Rows.Where(r => r.Observable is "mean" or "covariance").ToArray();
        if (moments.Length == 0) return;
        double t = moments.Max(r => r.Time);
        var equations = limit.Diagnostics.Select(d => d.Equation).ToArray();
        var table = new Table().Title($"particles against the limit, t = {Number(t)}");
        table.AddColumns("species", "quantity", "particles", "95% CI");
        foreach (string equation in equations) table.AddColumn($"{equation} PDE");
        table.AddColumns($"weak error ({Reference})", "95% CI");
        foreach (var particle in moments.Where(r => SameTime(r.Time, t) && IsMeanOrVariance(r)))
        {
            string quantity = particle.Observable == "mean" ? $"mean.{particle.Component}" : $"variance.{particle.Component[0]}";
            var cells = new List<string> { Markup.Escape(particle.Species), quantity, Number(particle.Mean), Interval(particle.CiLow, particle.CiHigh) };
            foreach (string equation in equations) cells.Add(Number(Pde(limit, equation, particle) ?? double.NaN));
            var (error, low, high) = WeakError(estimates, limit, particle);
            cells.Add(Number(error));
            cells.Add(Interval(low, high));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);

        var distances = estimates.Rows
            .Where(r => SameTime(r.Time, t) && Array.IndexOf(DistanceObservables, r.Observable) >= 0)
            .OrderBy(r => Array.IndexOf(DistanceObservables, r.Observable))
            .ToArray();
        if (distances.Length > 0)
        {
            var more = new Table().Title($"distances to the limit and coupling errors, t = {Number(t)}");
            more.AddColumns("observable", "species", "component", "mean", "se", "95% CI");
            foreach (var r in distances)
                more.AddRow(r.Observable, Markup.Escape(r.Species), Markup.Escape(r.Component), Number(r.Mean), Number(r.StandardError),
                    Interval(r.CiLow, r.CiHigh));
            AnsiConsole.Write(more);
        }
        foreach (var d in limit.Diagnostics) AnsiConsole.MarkupLine(Markup.Escape(Describe(d)));
    }

    /// <summary>One line on how an equation was solved, e.g. <c>limit nonlocal: 80 cells of h = 0.05 on [-2, 2], ...</c>.</summary>
    public static string Describe(LimitDiagnosticsRow d)
    {
        var grid = d.Grid();
        string box = string.Join(" x ", Enumerable.Range(0, grid.Dimension).Select(a => $"[{Number(grid.Lower[a])}, {Number(grid.Upper(a))}]"));
        return $"limit {d.Equation}: {string.Join("x", d.Cells)} cells of h = {Number(d.Spacing)} on {box}; {d.Steps} steps of {Number(d.TimeStep)}; " +
            $"convolution {d.Convolution}; mass drift {Number(d.MassDrift)}, at the boundary {Number(d.MassAtBoundary)}; " +
            $"minimum density {Number(d.MinimumDensity)}; solved in {d.ElapsedSeconds.ToString("F2", CultureInfo.InvariantCulture)} s";
    }

    private static bool IsMeanOrVariance(EstimateRow r) =>
        r.Observable == "mean" || (r.Component.Length == 2 && r.Component[0] == r.Component[1]);

    private static double? Pde(LimitReport limit, string equation, EstimateRow particle) =>
        limit.Moments.FirstOrDefault(m => m.Equation == equation && m.Species == particle.Species && m.Observable == particle.Observable
            && m.Component == particle.Component && SameTime(m.Time, particle.Time))?.Value;

    private static (double Error, double Low, double High) WeakError(EstimatesReport estimates, LimitReport limit, EstimateRow particle)
    {
        string component = $"{Reference}.{particle.Observable}.{particle.Component}";
        if (estimates.Rows.FirstOrDefault(r => r.Observable == "weak_error" && r.Species == particle.Species && r.Component == component
                && SameTime(r.Time, particle.Time)) is { } row)
            return (row.Mean, row.CiLow, row.CiHigh);
        // The PDE value is deterministic: the difference's interval is the estimate's, shifted.
        return Pde(limit, Reference, particle) is { } pde
            ? (particle.Mean - pde, particle.CiLow - pde, particle.CiHigh - pde)
            : (double.NaN, double.NaN, double.NaN);
    }

    private static bool SameTime(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Interval(double low, double high) => double.IsNaN(low) ? "" : $"[[{Number(low)}, {Number(high)}]]";

    private static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("G5", CultureInfo.InvariantCulture);
}
