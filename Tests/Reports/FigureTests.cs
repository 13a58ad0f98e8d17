using Ensemble.Reports.Data;
using Ensemble.Reports.Rendering;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Studies;
using Xunit;

namespace Ensemble.Tests.Reports;

/// <summary>
/// Each kind of figure rendered from synthetic data: a valid PNG 1200 pixels wide at its height, with ink inside the
/// plot area and a title (text is only drawn when a font was found).
/// </summary>
public sealed class FigureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-figures-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name + ".png");

    [Fact]
    public void A1DDensitySnapshotIsAFullSizePngWithBandsAndThePdeLine()
    {
        string path = PathOf("density-1d");
        DensityFigures.Render1D(path, 0.5, [ReportSamples.Bump(ReportSamples.Histogram1D, "s0", 0.5)], ReportSamples.Histogram1D,
            ReportSamples.Limit1D(0.5));
        PngImage.AssertFigure(path, FigureStyle.Height);
    }

    [Fact]
    public void A2DDensitySnapshotHasParticlesPdeAndDifferencePanelsSideBySide()
    {
        string path = PathOf("density-2d");
        var particles = ReportSamples.Bump(ReportSamples.Histogram2D, "s0", 0.5);
        double[] pde = ReportSamples.Bump(ReportSamples.Histogram2D, "s0", 0.5, shift: 0.3).Mean;
        DensityFigures.Render2D(path, particles, pde, "nonlocal", ReportSamples.Histogram2D);
        PngImage.AssertFigure(path, FigureStyle.PanelRowHeight);
        // Three panels: each third of the figure has its own heat map.
        for (int panel = 0; panel < 3; panel++)
            Assert.True(PngImage.Ink(path, panel / 3.0 + 0.08, 0.3, panel / 3.0 + 0.22, 0.7) > 0.5, $"panel {panel} is empty");
    }

    [Fact]
    public void MomentsOverTimeShowTheEstimateWithItsCiAndTheSpreadOfRealisations()
    {
        string path = PathOf("moment");
        var (rows, spread) = ReportSamples.MeanOverTime();
        MomentFigure.Render(path, "mean", "x", "s0", rows, spread, ReportSamples.Limit1D(0.5));
        PngImage.AssertFigure(path, FigureStyle.Height);
    }

    [Fact]
    public void TheStandardErrorAgainstRIsALogLogPngWithTheReference()
    {
        string path = PathOf("se");
        StandardErrorFigure.Render(path, [ReportSamples.StandardErrors()]);
        PngImage.AssertFigure(path, FigureStyle.Height);
    }

    [Fact]
    public void ARateFigureDrawsTheFittedAndThePredictedSlopes()
    {
        string path = PathOf("rate");
        var series = ReportSamples.CouplingAgainstN();
        var fit = RateFitter.Fit(series.Points);
        Assert.Equal(RateVerdict.Meaningful, fit.Verdict);
        RateFigure.Render(path, series, "N", fit, PredictedRates.For(series.Observable, series.Component, "N"));
        PngImage.AssertFigure(path, FigureStyle.Height);
    }

    [Fact]
    public void ARateFigureWithoutAMeaningfulFitIsStillDrawn()
    {
        string path = PathOf("rate-unfitted");
        var series = ReportSamples.CouplingAgainstN() with { Points = ReportSamples.CouplingAgainstN().Points.Take(2).ToArray() };
        var fit = RateFitter.Fit(series.Points);
        Assert.Equal(RateVerdict.TooFewPoints, fit.Verdict);
        RateFigure.Render(path, series, "N", fit, null);
        Assert.Equal((1200, FigureStyle.Height), PngImage.Header(path));
    }

    [Fact]
    public void LogTicksLabelTheValuesNotTheirLogarithms()
    {
        var ticks = LogAxes.TickMarks(100, 1600).Where(t => t.Label is not null).ToArray();
        Assert.Equal("100", Assert.Single(ticks, t => Math.Abs(t.Position - 2) < 1e-12).Label);
        Assert.Equal("1000", Assert.Single(ticks, t => Math.Abs(t.Position - 3) < 1e-12).Label);
        Assert.Equal("200", Assert.Single(ticks, t => Math.Abs(t.Position - Math.Log10(200)) < 1e-12).Label);
    }

    [Fact]
    public void PredictedRatesNameTheirTheorems()
    {
        Assert.Equal(-1.0, PredictedRates.For("coupling_sup_sq", "nonlinear", "N")!.Slope);
        Assert.Contains("Prop. 1.2", PredictedRates.For("coupling_sup_sq", "nonlinear", "N")!.Source);
        Assert.Equal(1.0, PredictedRates.For("coupling_sup_max_abs", "limit", "eta")!.Slope);
        Assert.Null(PredictedRates.For("mean", "x", "N"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
