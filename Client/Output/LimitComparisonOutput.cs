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
    public static string[] DistanceObservables => ParticleLimitComparison.DistanceObservables;

    public static void Write(EstimatesReport estimates, LimitReport limit)
    {
        if (!limit.HasLimit) return;
        var times = ParticleLimitComparison.MomentTimes(estimates.Rows);
        if (times.Length == 0 || ParticleLimitComparison.Of(estimates.Rows, limit.Tables, times[^1]) is not { } comparison) return;
        string t = Number(comparison.Time);
        var table = new Table().Title($"particles against the limit, t = {t}");
        table.AddColumns("species", "quantity", "particles", "95% CI");
        foreach (string equation in comparison.Equations) table.AddColumn($"{equation} PDE");
        table.AddColumns($"weak error ({ParticleLimitComparison.Reference})", "95% CI");
        foreach (var m in comparison.Moments)
        {
            var particle = m.Particles;
            var cells = new List<string> { Markup.Escape(particle.Species), m.Quantity, Number(particle.Mean), Interval(particle.CiLow, particle.CiHigh) };
            cells.AddRange(m.Pde.Select(v => Number(v ?? double.NaN)));
            cells.Add(Number(m.WeakError));
            cells.Add(Interval(m.WeakErrorLow, m.WeakErrorHigh));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);

        if (comparison.Distances.Count > 0)
        {
            var more = new Table().Title($"distances to the limit and coupling errors, t = {t}");
            more.AddColumns("observable", "species", "component", "mean", "se", "95% CI");
            foreach (var r in comparison.Distances)
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

    private static string Interval(double low, double high) => double.IsNaN(low) ? "" : $"[[{Number(low)}, {Number(high)}]]";

    private static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("G5", CultureInfo.InvariantCulture);
}
