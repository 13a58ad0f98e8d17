using System.Globalization;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Estimates;
using Ensemble.Simulation.Statistics;
using Spectre.Console;

namespace Ensemble.Client.Output;

/// <summary>Estimates as a table for people, or tidy CSV / JSON for pandas, R and SQL.</summary>
public static class EstimatesOutput
{
    /// <summary>
    /// Histogram bins are many; unless asked for they are left out (they are in the CSV), and so
    /// are the rows of other times when <paramref name="onlyTime"/> is given.
    /// </summary>
    public static void WriteTable(EstimatesReport report, bool showHistogramBins, double? onlyTime = null)
    {
        var rows = report.Rows
            .Where(r => showHistogramBins || r.Observable != "histogram")
            .Where(r => onlyTime is null || r.Time == onlyTime)
            .ToArray();
        var table = new Table().Title(Title(report) + (onlyTime is { } t ? $", t = {Number(t)}" : ""));
        table.AddColumns("observable", "species", "time", "component", "mean", "se", "95% CI");
        foreach (var r in rows)
            table.AddRow(r.Observable, Markup.Escape(r.Species), Number(r.Time), r.Component, Number(r.Mean), Number(r.StandardError),
                $"[[{Number(r.CiLow)}, {Number(r.CiHigh)}]]");
        AnsiConsole.Write(table);
        int hidden = report.Rows.Length - rows.Length;
        if (hidden > 0)
            AnsiConsole.MarkupLine($"({hidden} more rows — histogram bins{(onlyTime is null ? "" : ", other times")} — " +
                "in the CSV, or with `results JOB --observable ...`)");
    }

    public static void WriteCsv(TextWriter writer, EstimatesReport report) =>
        EstimateCsv.Write(writer, report.Rows);

    public static void WriteJson(TextWriter writer, EstimatesReport report) => EstimatesDocument.Write(writer, report);

    private static string Title(EstimatesReport report) =>
        $"job {Markup.Escape(report.JobId)}: {report.Realisations} realisations" + (report.Partial ? " — [yellow]PARTIAL[/] (job still running)" : "");

    private static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("G5", CultureInfo.InvariantCulture);
}
