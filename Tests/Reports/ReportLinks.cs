using System.Text.RegularExpressions;
using Xunit;

namespace Ensemble.Tests.Reports;

/// <summary>report.md's links: every figure it links exists, and every figure in the folder is linked.</summary>
internal static partial class ReportLinks
{
    [GeneratedRegex(@"\]\((figures/[^)]+\.png)\)")]
    private static partial Regex FigureLink();

    public static string[] AssertComplete(string folder)
    {
        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        string[] linked = FigureLink().Matches(markdown).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(linked);
        foreach (string link in linked) Assert.True(File.Exists(Path.Combine(folder, link)), $"report.md links {link}, which does not exist");
        string[] present = Directory.EnumerateFiles(Path.Combine(folder, "figures")).Select(f => "figures/" + Path.GetFileName(f)).ToArray();
        Assert.Equal(present.Order(StringComparer.Ordinal), linked.Order(StringComparer.Ordinal));
        return linked;
    }
}
