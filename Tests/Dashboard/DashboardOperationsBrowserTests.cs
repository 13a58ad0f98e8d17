using Ensemble.Grains.Interfaces;
using Microsoft.Playwright;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>The operations page and the Orleans dashboard it links to, in a real browser; screenshots operations.png and orleans.png.</summary>
public sealed class DashboardOperationsBrowserTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    [Fact]
    public async Task TheOperationsPageShowsTheSiloAndTheChartAndLinksToTheOrleansDashboard()
    {
        await using var browser = await BrowserSession.StartAsync();
        var job = rig.Grains.GetGrain<IJobGrain>("ops-browser");
        await job.Submit(DashboardRig.Slow(2000, name: "ops browser"));
        try
        {
            var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
            var problems = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") problems.Add($"{page.Url}: {message.Text}"); };
            page.PageError += (_, error) => problems.Add($"{page.Url}: {error}");
            page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };

            await page.GotoAsync($"{rig.Server.Url}/operations");
            var silo = page.Locator("#silos tbody tr[data-status='active']");
            await Assertions.Expect(silo).ToHaveCountAsync(1);
            await Assertions.Expect(silo.Locator("td").Nth(4)).ToHaveTextAsync("2"); // workers
            await Assertions.Expect(page.Locator("#ops-jobs tbody tr", new() { HasText = "ops-browser" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#ops-chart canvas")).ToHaveCountAsync(1);
            // Enough samples for the chart to show lines (one every 2 s poll).
            await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates || 0) >= 4", null, new() { Timeout = 30_000 });
            Assert.Contains("2 workers", await page.Locator("#ops-summary").TextContentAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "operations.png"), FullPage = true });

            await page.Locator("#orleans-link").ClickAsync();
            await page.WaitForURLAsync("**/orleans/");
            // The Orleans dashboard's own app renders its overview from its API (counters from the silo's dashboard grain).
            await Assertions.Expect(page.GetByText("Total Activations")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByText("Active Silos")).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(2500); // let its charts take a couple of its 1 s samples before the picture
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "orleans.png"), FullPage = true });
            // Its silos page lists our silo, and one silo's page (its counters, through the silo's dashboard service) renders too.
            await page.Locator("a.nav-link", new() { HasText = "Silos" }).ClickAsync();
            var host = page.Locator("a[href^='#/host/']").First;
            await Assertions.Expect(host).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await host.ClickAsync();
            await page.WaitForURLAsync("**/orleans/#/host/**");
            await page.WaitForTimeoutAsync(2500);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "orleans-silo.png"), FullPage = true });
            Assert.Empty(problems);
        }
        finally
        {
            await job.Cancel();
        }
    }
}
