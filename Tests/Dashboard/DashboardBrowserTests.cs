using System.Diagnostics;
using Ensemble.Grains.Interfaces;
using Microsoft.Playwright;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>The page in a real browser (Chromium via Playwright) against a real dashboard and cluster; screenshots under artifacts/dashboard.</summary>
public sealed class DashboardBrowserTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task ARunningJobsPageUpdatesLiveAndARerunShowsReproduced()
    {
        await using var browser = await BrowserSession.StartAsync();
        // Long enough (minutes) never to finish while the test watches, however busy the machine; cancelled at the end.
        var job = rig.Grains.GetGrain<IJobGrain>("browser-live");
        await job.Submit(DashboardRig.Slow(2000, name: "live demo"));
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };

        var clock = Stopwatch.StartNew();
        await page.GotoAsync($"{rig.Server.Url}/jobs/browser-live");
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates || 0) >= 1");
        var firstUpdate = clock.Elapsed;
        string progress = await page.Locator("#progress-text").TextContentAsync() ?? "";
        string firstCount = await EstimateCountAsync(page);
        // Live: later updates show more realisations done and an estimate over more of them, without a reload.
        await page.WaitForFunctionAsync($"() => document.getElementById('progress-text').textContent !== {Quoted(progress)}");
        await page.WaitForFunctionAsync(
            $"() => document.querySelector('#estimates tbody tr.estimate td:nth-child(5)')?.textContent !== {Quoted(firstCount)}");
        Assert.Equal("live demo", await page.Locator("#job-name").TextContentAsync());

        // The CI narrows as R grows: the summed widths of the shown CIs (one row per output time) at R >= 8 and again at 6 times that R.
        // Expected ratio about sqrt(1/6) = 0.41; the seeds are fixed, so this is (nearly) the same draw every run, not a coin toss.
        var early = await WaitForCiAsync(page, atLeast: 8);
        var late = await WaitForCiAsync(page, atLeast: 6 * early.Count);
        Assert.True(late.Width < early.Width, $"the CI did not narrow: summed width {early.Width} at R = {early.Count}, {late.Width} at R = {late.Count}");
        TestContext.Current.SendDiagnosticMessage($"[dashboard] summed 95% CI width {early.Width:G4} at R = {early.Count}, {late.Width:G4} at R = " +
            $"{late.Count}: ratio {late.Width / early.Width:F2} (R^-1/2 predicts {Math.Sqrt((double)early.Count / late.Count):F2})");
        Assert.Contains("realisations/s", await page.Locator("#progress-text").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-running.png"), FullPage = true });
        var arrivals = await page.EvaluateAsync<double[]>("() => window.ensembleUpdateTimes");

        // Seed 0 is done early; rerun it while the job still runs (the table refreshes every 2 s).
        var seed = page.Locator("#realisations tr[data-seed='0']");
        await Assertions.Expect(seed.Locator("td").Nth(1)).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await seed.Locator("button").ClickAsync();
        await Assertions.Expect(seed.Locator(".verdict")).ToHaveTextAsync("reproduced", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#se-chart canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#moments-chart canvas")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-rerun.png"), FullPage = true });

        // Another estimate picked: its se against R is traced as realisations fold in, beside the coordinator's record of s0's.
        await page.Locator("#pick-species").SelectOptionAsync("s1");
        await Assertions.Expect(page.Locator("#se-caption")).ToContainTextAsync("and mean x of s1", new() { Timeout = 60_000 });
        await page.Locator("#se-chart").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-se-picked.png") });
        await job.Cancel();
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("cancelled", new() { Timeout = 30_000 });
        Assert.Empty(problems);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).Order().ToArray();
        TestContext.Current.SendDiagnosticMessage($"[dashboard] first update in the page {firstUpdate.TotalMilliseconds:F0} ms after navigation; " +
            $"{arrivals.Length} updates while running, median {gaps[gaps.Length / 2]:F0} ms apart (min {gaps[0]:F0}, max {gaps[^1]:F0})");
    }

    [Fact]
    public async Task AHostileJobNameIsShownAsText()
    {
        await using var browser = await BrowserSession.StartAsync();
        await rig.RunToEndAsync("hostile", DashboardRig.Quick(8, name: Hostile));
        var page = await browser.Browser.NewPageAsync();
        bool dialog = false;
        page.Dialog += async (_, d) => { dialog = true; await d.DismissAsync(); };

        await page.GotoAsync($"{rig.Server.Url}/jobs/hostile");
        await Assertions.Expect(page.Locator("#job-name")).ToHaveTextAsync(Hostile);
        await page.GotoAsync($"{rig.Server.Url}/");
        var cell = page.Locator("#jobs tbody td", new() { HasTextString = Hostile });
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "jobs-list.png"), FullPage = true });
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.False(dialog, "the job's name ran as markup");
    }

    /// <summary>Waits until the estimates table shows R >= <paramref name="atLeast"/>; then R and the sum of its rows' CI widths.</summary>
    private static async Task<(int Count, double Width)> WaitForCiAsync(IPage page, int atLeast)
    {
        const string read = """
            () => {
              const rows = [...document.querySelectorAll('#estimates tbody tr.estimate')];
              if (rows.length === 0) return null;
              const count = Number(rows[0].children[4].textContent);
              const widths = rows.map(r => r.children[7].textContent.match(/^\[(.+), (.+)\]$/)).map(m => m ? Number(m[2]) - Number(m[1]) : NaN);
              return JSON.stringify({ count, width: widths.reduce((a, b) => a + b, 0) });
            }
            """;
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('#estimates tbody tr.estimate td:nth-child(5)')?.textContent) >= {atLeast}",
            null, new() { Timeout = 90_000 });
        using var shown = System.Text.Json.JsonDocument.Parse(await page.EvaluateAsync<string>(read));
        double width = shown.RootElement.GetProperty("width").GetDouble();
        Assert.True(double.IsFinite(width) && width > 0, $"the CIs shown are not intervals: {shown.RootElement}");
        return (shown.RootElement.GetProperty("count").GetInt32(), width);
    }

    private static async Task<string> EstimateCountAsync(IPage page) =>
        await page.Locator("#estimates tbody tr.estimate td:nth-child(5)").First.TextContentAsync() ?? "";

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
