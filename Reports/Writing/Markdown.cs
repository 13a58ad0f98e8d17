using System.Globalization;
using System.Text;

namespace Ensemble.Reports.Writing;

/// <summary>Small pieces of Markdown: tables with escaped cells, numbers in a fixed, invariant form.</summary>
internal static class Markdown
{
    public static void Table(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n");
        text.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var row in rows) text.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        text.Append('\n');
    }

    public static string Number(double x) => double.IsNaN(x) ? "—" : x.ToString("G5", CultureInfo.InvariantCulture);

    public static string Interval(double low, double high) => double.IsNaN(low) || double.IsNaN(high) ? "—" : $"[{Number(low)}, {Number(high)}]";

    public static void Figure(StringBuilder text, FigureEntry figure)
    {
        text.Append("### ").Append(figure.Title).Append("\n\n");
        text.Append(figure.Sentence).Append("\n\n");
        text.Append("![").Append(figure.Title).Append("](").Append(figure.File).Append(")\n\n");
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
