using Microsoft.Playwright;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// The job page of finished limit jobs in a real browser: picking an output time redraws the density against the PDE limit
/// (a uPlot canvas with one legend entry per equation in 1D, three heat-map canvases in 2D), the particles-vs-limit table and
/// the moments chart's two labelled bands. Screenshots job-density.png and job-density-2d.png under artifacts/dashboard.
/// </summary>
public sealed class DashboardJobPageBrowserTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    [Fact]
    public async Task PickingATimeShowsTheDensityAgainstEachPdeTheErrorsTableAndTheSpreadBand()
    {
        await rig.RunToEndAsync("browser-density", DashboardJobPageSamples.Limit1D(16) with { Name = "density 1D" });
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        var problems = Watch(page);

        await page.GotoAsync($"{rig.Server.Url}/jobs/browser-density");
        await Assertions.Expect(page.Locator("#density-note")).ToContainTextAsync("t = 0.004");
        await page.Locator("#pick-time").SelectOptionAsync("0.002");
        await Assertions.Expect(page.Locator("#density-note")).ToContainTextAsync("t = 0.002");
        await Assertions.Expect(page.Locator("#errors-note")).ToContainTextAsync("t = 0.002");
        await Assertions.Expect(page.Locator("#density-chart canvas")).ToHaveCountAsync(1);
        var legend = page.Locator("#density-chart .u-legend");
        await Assertions.Expect(legend).ToContainTextAsync("nonlocal PDE density");
        await Assertions.Expect(legend).ToContainTextAsync("local PDE density");
        await Assertions.Expect(legend).ToContainTextAsync("ensemble-averaged histogram");

        // Two species × (mean.x, variance.x); the distances and couplings below.
        await Assertions.Expect(page.Locator("#limit-moments tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#limit-moments thead")).ToContainTextAsync("weak error (nonlocal)");
        await Assertions.Expect(page.Locator("#limit-distances tbody tr", new() { HasTextString = "coupling_sup_max_abs" })).Not.ToHaveCountAsync(0);

        await Assertions.Expect(page.Locator("#moments-key")).ToContainTextAsync("spread of single realisations (± 1 sd");
        await Assertions.Expect(page.Locator("#moments-key")).ToContainTextAsync("95% CI of the ensemble mean");
        await Assertions.Expect(page.Locator("#moments-chart .u-legend")).ToContainTextAsync("spread of single realisations");
        await Assertions.Expect(page.Locator("#download-csv")).ToHaveAttributeAsync("href", "/api/jobs/browser-density/estimates.csv");
        await Assertions.Expect(page.Locator("#job-spec")).ToContainTextAsync("served by code version");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-density.png"), FullPage = true });
        // Close-ups, to read the legends at full size.
        await page.Locator("#density-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-density-section.png") });
        await page.Locator(".charts").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-moments.png") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A2DJobShowsParticlesPdeAndDifferenceHeatMaps()
    {
        await rig.RunToEndAsync("browser-density-2d", DashboardJobPageSamples.Limit2D(12) with { Name = "density 2D" });
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        var problems = Watch(page);

        await page.GotoAsync($"{rig.Server.Url}/jobs/browser-density-2d");
        await Assertions.Expect(page.Locator("#density-maps canvas")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#density-maps canvas").Nth(1)).ToHaveAttributeAsync("aria-label", "nonlocal PDE (bin averages)");
        await page.Locator("#pick-equation").SelectOptionAsync("local");
        await Assertions.Expect(page.Locator("#density-maps canvas").Nth(1)).ToHaveAttributeAsync("aria-label", "local PDE (bin averages)");
        await Assertions.Expect(page.Locator("#density-caption")).ToContainTextAsync("share one colour scale");
        await page.Locator("#density-section").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-density-2d.png"), FullPage = true });
        await page.Locator("#density-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-density-2d-section.png") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task AStopRulesTargetShowsAsReachedOrAsHowFarItIs()
    {
        await rig.RunToEndAsync("browser-stop-reached", DashboardJobPageSamples.Stopping(40, targetSe: 10));
        await rig.RunToEndAsync("browser-stop-far", DashboardJobPageSamples.Stopping(24, targetSe: 1e-9));
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        var problems = Watch(page);

        await page.GotoAsync($"{rig.Server.Url}/jobs/browser-stop-reached");
        await Assertions.Expect(page.Locator("#stop-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^target se 10 reached at R' = \\d+$"));
        await page.GotoAsync($"{rig.Server.Url}/jobs/browser-stop-far");
        await Assertions.Expect(page.Locator("#stop-text")).ToContainTextAsync("needs R' ≈ 24 (capped at the job's R");
        await Assertions.Expect(page.Locator("#stop-text")).ToContainTextAsync("target 1.00e-9");
        // No histogram in these specs: no density section.
        await Assertions.Expect(page.Locator("#density-section")).ToBeHiddenAsync();
        Assert.Empty(problems);
    }

    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };
        return problems;
    }
}
