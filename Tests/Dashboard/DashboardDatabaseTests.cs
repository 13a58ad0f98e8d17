using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Tests.Support.Postgres;
using Microsoft.Playwright;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>With PostgreSQL the dashboard reads a finished job from the job tables, so it shows after the silo that ran it is gone.</summary>
public sealed class DashboardDatabaseTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AFinishedJobShowsFromTheDatabaseAfterItsSiloIsGone()
    {
        var cancellation = TestContext.Current.CancellationToken;
        string database = await postgres.CreateDatabaseAsync("dashboard");
        JobStatusReport ran;
        EstimatesReport estimates;
        await using (var first = await EmbeddedCluster.StartAsync(workers: 2, database, cancellation))
        {
            ran = await Service.Jobs.RunToEnd(first.Client, "gone", DashboardRig.Quick(16, name: "before the restart"));
            estimates = await first.Client.GetGrain<IJobGrain>("gone").GetEstimates(new EstimateQuery { Observable = "mean", Species = "s0" });
        }
        Assert.Equal(JobStatus.Completed, ran.Status);

        // Another silo on the same database: it never ran the job, and its dashboard reads the saved tables.
        await using var second = await EmbeddedCluster.StartAsync(workers: 2, database, cancellation);
        await using var dashboard = await DashboardServer.StartAsync(second.Client,
            new DashboardOptions { Urls = "http://127.0.0.1:0", Postgres = database }, cancellation: cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.Url) };

        var (status, detail) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/gone", null, http);
        Assert.Equal(200, status);
        var progress = detail.GetProperty("progress");
        Assert.False(progress.GetProperty("live").GetBoolean());
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(16, progress.GetProperty("succeeded").GetInt32());
        Assert.Equal("before the restart", progress.GetProperty("name").GetString());

        var (_, list) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs", null, http);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetString() == "gone");

        var (_, rows) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/gone/estimates?observable=mean&species=s0&component=x", null, http);
        var expected = estimates.Rows.Where(r => r.Component == "x").Select(r => r.Mean);
        Assert.Equal(expected, rows.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("mean").GetDouble()));

        // The tables keep where and how long each realisation ran, which the coordinator's books do not.
        var (_, page) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/gone/realisations?size=4", null, http);
        Assert.All(page.GetProperty("items").EnumerateArray(), r =>
        {
            Assert.Equal("succeeded", r.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("silo").GetString()));
            Assert.True(r.GetProperty("milliseconds").GetDouble() >= 0);
        });

        // And in a real browser: the page of the finished job, its estimates, charts and realisations, from the tables.
        await using var browser = await BrowserSession.StartAsync();
        var tab = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        var problems = new List<string>();
        tab.PageError += (_, error) => problems.Add(error);
        tab.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };
        await tab.GotoAsync($"{dashboard.Url}/jobs/gone");
        await Assertions.Expect(tab.Locator("#job-status")).ToHaveTextAsync("completed");
        await Assertions.Expect(tab.Locator("#job-source")).ToContainTextAsync("from the database");
        await Assertions.Expect(tab.Locator("#job-name")).ToHaveTextAsync("before the restart");
        await Assertions.Expect(tab.Locator("#estimates-note")).ToContainTextAsync("final: 16 realisations");
        await Assertions.Expect(tab.Locator("#moments-chart canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Locator("#realisations tbody tr")).ToHaveCountAsync(16);
        var seedZero = tab.Locator("#realisations tr[data-seed='0'] td");
        await Assertions.Expect(seedZero.Nth(1)).ToHaveTextAsync("succeeded");
        Assert.NotEqual("–", await seedZero.Nth(3).TextContentAsync()); // the silo that ran it, which the tables keep
        await tab.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Artifacts, "job-from-database.png"), FullPage = true });
        Assert.Empty(problems);
    }
}
