using System.Globalization;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// Estimates as tidy CSV for pandas, R and SQL: one header line, one line per row, "\n" line ends
/// on every platform. Numbers in the invariant culture, doubles in round-trip form so nothing is lost;
/// NaN (no estimate) is an empty field. A text field is quoted, with quotes doubled, only when it
/// contains a comma, a quote or a line break.
/// </summary>
public static class EstimateCsv
{
    public const string Header = "observable,species,time,component,count,mean,se,ci_low,ci_high,min,max";

    /// <summary>Writes the header, then the rows in the order given.</summary>
    public static void Write(TextWriter writer, IEnumerable<EstimateRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            writer.Write(Line(row));
            writer.Write('\n');
        }
    }

    /// <summary>One row as a CSV line, without the line end.</summary>
    public static string Line(EstimateRow row) => string.Join(',',
        Text(row.Observable), Text(row.Species), Number(row.Time), Text(row.Component),
        row.Count.ToString(CultureInfo.InvariantCulture),
        Number(row.Mean), Number(row.StandardError), Number(row.CiLow), Number(row.CiHigh), Number(row.Min), Number(row.Max));

    private static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
