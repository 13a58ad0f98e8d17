using System.Globalization;
using Ensemble.Jobs.Studies;
using Ensemble.Simulation.Studies;
using Spectre.Console;

namespace Ensemble.Client.Output;

/// <summary>
/// A study for people: its status line, a table of its points, and per fitted estimate a table of each point's
/// estimate ± se followed by the fitted slopes (± se, 95% CI, pairwise orders), or the reason there is no rate.
/// </summary>
public static class StudyOutput
{
    /// <summary>e.g. <c>w2-prop12: completed, 4/4 points, 400/400 realisations, 0 failed</c>.</summary>
    public static string FinalLine(StudyStatusReport s) =>
        $"{s.StudyId}: {s.Status.ToString().ToLowerInvariant()}, {s.PointsFinished}/{s.Points.Length} points, {s.Done}/{s.Total} realisations, "
        + $"{s.Failed} failed" + (s.Message is { } m ? $" ({m})" : "");

    public static string Progress(StudyStatusReport s) =>
        $"{s.StudyId}: {s.PointsFinished}/{s.Points.Length} points finished, {s.Done}/{s.Total} realisations, {s.Throughput:F1}/s";

    public static void WriteStatus(StudyStatusReport s, IReadOnlyList<StudyPoint> points)
    {
        AnsiConsole.WriteLine(FinalLine(s));
        AnsiConsole.WriteLine(s.Host is { } host ? $"study grain on silo {host}" : "read from the database (no study grain asked)");
        var table = new Table().AddColumns("point", "parameters", "job", "status", "done", "failed");
        foreach (var p in points)
        {
            var job = s.Points.ElementAtOrDefault(p.Index);
            table.AddRow(p.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(p.Describe()), Markup.Escape(p.JobId),
                job?.Status.ToString().ToLowerInvariant() ?? "not submitted", job is null ? "" : $"{job.Done}/{job.Total}",
                job?.Failed.ToString(CultureInfo.InvariantCulture) ?? "");
        }
        AnsiConsole.Write(table);
    }

    /// <summary>One row per study: when it started, its status, points finished, realisations done and failed.</summary>
    public static void WriteList(IReadOnlyList<StudyStatusReport> studies)
    {
        var table = new Table().AddColumns("study", "created", "status", "points", "done", "failed", "total");
        foreach (var s in studies)
            table.AddRow(Markup.Escape(s.StudyId), s.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "", s.Status.ToString().ToLowerInvariant(),
                $"{s.PointsFinished}/{s.Points.Length}", s.Done.ToString(CultureInfo.InvariantCulture),
                s.Failed.ToString(CultureInfo.InvariantCulture), s.Total.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    public static void WriteResults(StudyResults results)
    {
        foreach (var fit in results.Fits)
        {
            var table = new Table().Title(Markup.Escape($"{fit.Target}"));
            table.AddColumns("point", "parameters", "job", "R", "estimate", "se");
            foreach (var point in results.Points)
            {
                var e = fit.Estimates.FirstOrDefault(x => x.Index == point.Index);
                table.AddRow(point.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", point.Parameters)),
                    Markup.Escape(point.JobId), (e?.Count ?? 0).ToString(CultureInfo.InvariantCulture), Number(e?.Mean), Number(e?.StandardError)
                    + (e?.Floor is { } floor ? $" (floor {Number(floor)})" : ""));
            }
            AnsiConsole.Write(table);
            foreach (var rate in fit.Rates) AnsiConsole.WriteLine(Describe(rate));
        }
    }

    /// <summary>One line per rate: the slope with its se, CI and the pairwise orders; or, when not meaningful, the fit's explanation.</summary>
    public static string Describe(StudyRate rate)
    {
        var f = rate.Fit;
        string orders = f.PairwiseOrders.Count == 0 ? "" : $"; pairwise orders {string.Join(", ", f.PairwiseOrders.Select(o => Number(o, "F3")))}";
        string head = $"  slope {rate.Describe()}: ";
        return f.Verdict == RateVerdict.Meaningful
            ? head + string.Create(CultureInfo.InvariantCulture,
                $"{f.Slope:F3} ± {f.SlopeStandardError:F3}, 95% CI [{f.Lower95:F3}, {f.Upper95:F3}] ({f.Points} points, "
                + $"reduced chi2 {f.ReducedChiSquare:G3}){orders}")
            : head + $"not meaningful ({f.Verdict}): {f.Explanation}{orders}";
    }

    private static string Number(double? x, string format = "G5") =>
        x is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
