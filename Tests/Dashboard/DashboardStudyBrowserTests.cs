using System.Globalization;
using Ensemble.Grains.Interfaces;
using Microsoft.Playwright;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>A study's page and the studies list in a real browser (Chromium via Playwright); screenshots under artifacts/dashboard.</summary>
public sealed class DashboardStudyBrowserTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    /// <summary>The fitted species' name: user input, shown in the captions, which must stay text.</summary>
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task AStudysPageFollowsItToTheEndAndShowsEachFitsSlope()
    {
        await using var browser = await BrowserSession.StartAsync();
        await rig.Grains.GetGrain<IStudyGrain>("browser-study").Submit(DashboardStudyTests.Slow("browser-study", Hostile).ToJsonString());
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };
        bool dialog = false;
        page.Dialog += async (_, d) => { dialog = true; await d.DismissAsync(); };

        await page.GotoAsync($"{rig.Server.Url}/studies/browser-study");
        await Assertions.Expect(page.Locator("#points tbody tr")).ToHaveCountAsync(3);
        if (await page.Locator("#study-status").TextContentAsync() == "running") // most runs; a fast machine may already be done
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "study-running.png"), FullPage = true });
        // Opened while it runs: the page follows it over server-sent events to the end, without a reload.
        await Assertions.Expect(page.Locator("#study-status")).ToHaveTextAsync("completed", new() { Timeout = 90_000 });
        var rows = page.Locator("#points tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        for (int k = 0; k < 3; k++)
        {
            var row = rows.Nth(k);
            await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("completed");
            Assert.Equal($"/jobs/browser-study.p{k}", await row.Locator("a").GetAttributeAsync("href"));
        }
        await Assertions.Expect(page.Locator("#fits figure canvas")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#progress-text")).ToContainTextAsync("3/3 points finished");

        // Each chart's caption says the slope the server fitted, with its interval.
        var (_, detail) = await rig.GetAsync("/api/studies/browser-study");
        var fits = detail.GetProperty("study").GetProperty("fits").EnumerateArray().ToArray();
        for (int f = 0; f < fits.Length; f++)
        {
            var rate = fits[f].GetProperty("rates")[0];
            string slope = await page.Locator($"#fit-{f}-0 p.slope").TextContentAsync() ?? "";
            Assert.StartsWith($"slope {Significant(rate.GetProperty("slope").GetDouble())} ± ", slope);
            Assert.Contains($"95% CI [{Significant(rate.GetProperty("lower95").GetDouble())}, ", slope);
            Assert.Equal(fits[f].GetProperty("label").GetString(), await page.Locator($"#fit-{f} h3").TextContentAsync());
            Assert.Contains(Hostile, fits[f].GetProperty("label").GetString());
        }
        Assert.Equal(0, await page.Locator("img").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "study.png"), FullPage = true });

        await page.GotoAsync($"{rig.Server.Url}/");
        var listed = page.Locator("#studies tbody tr[data-study='browser-study']");
        await Assertions.Expect(listed.Locator(".status")).ToHaveTextAsync("completed");
        await Assertions.Expect(listed.Locator("td").Nth(2)).ToHaveTextAsync("3/3");
        Assert.Equal("/studies/browser-study", await listed.Locator("a").GetAttributeAsync("href"));
        // The study's point jobs are ordinary jobs: the jobs list above shows them (wait for it, so the screenshot has both lists).
        await Assertions.Expect(page.Locator("#jobs tbody a", new() { HasTextString = "browser-study.p0" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "jobs-and-studies.png"), FullPage = true });

        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.False(dialog, "a species name ran as markup");
        Assert.Empty(problems);
    }

    /// <summary>Three significant figures as the page writes them (common.js: Number(x.toPrecision(3))).</summary>
    private static string Significant(double x) =>
        double.Parse(x.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
