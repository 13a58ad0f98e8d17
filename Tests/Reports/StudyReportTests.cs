using Ensemble.Reports.Data;
using Ensemble.Reports.Writing;
using Ensemble.Simulation.Studies;
using Xunit;

namespace Ensemble.Tests.Reports;

/// <summary>A study's report from synthetic points with a known slope: the fitted slope and the predicted one, the figures, the links.</summary>
public sealed class StudyReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-study-report-").FullName;

    [Fact]
    public void AStudyReportShowsTheFittedSlopeWithItsIntervalAndThePaperSlope()
    {
        var coupling = ReportSamples.CouplingAgainstN();
        var twoPoints = new StudySeries("weak_error", "s0", 0.1, "nonlocal.mean.x", coupling.Points.Take(2).ToArray());
        var input = new StudyReportInput("prop12", "{ \"study\": \"synthetic\" }", "N", [coupling, twoPoints]);

        var folder = StudyReport.Write(_folder, input);

        string[] linked = ReportLinks.AssertComplete(_folder);
        Assert.Equal(2, linked.Length);
        PngImage.AssertFigure(Path.Combine(_folder, linked.Single(l => l.Contains("coupling", StringComparison.Ordinal))), 800);
        Assert.Equal((1200, 800), PngImage.Header(Path.Combine(_folder, linked.Single(l => l.Contains("weak_error", StringComparison.Ordinal)))));
        var fit = RateFitter.Fit(coupling.Points);
        Assert.InRange(fit.Slope, -1.1, -0.9);
        string markdown = File.ReadAllText(Path.Combine(_folder, "report.md"));
        Assert.Contains(Writing(fit.Slope), markdown);
        Assert.Contains($"[{Writing(fit.Lower95)}, {Writing(fit.Upper95)}]", markdown);
        Assert.Contains("Carrillo–Guo Prop. 1.2", markdown);
        Assert.Contains("{ \"study\": \"synthetic\" }", markdown);
        // The two-point series says why it has no rate instead of printing one.
        Assert.Contains(folder.Entries,
            e => e.Sentence.Contains("no line is fitted", StringComparison.Ordinal) && e.Sentence.Contains("at least 3", StringComparison.Ordinal));
    }

    private static string Writing(double x) => x.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
