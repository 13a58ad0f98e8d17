using System.Text.Json;
using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Observables;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>The JSON endpoints against a real Kestrel on a free loopback port and a real Orleans cluster.</summary>
public sealed class DashboardEndpointTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheJobsListIsPagedWithABoundedPageSizeAndFilteredByStatus()
    {
        string[] ids = ["list-a", "list-b", "list-c"];
        foreach (var id in ids) await rig.RunToEndAsync(id, DashboardRig.Quick(8));

        var (status, first) = await rig.GetAsync("/api/jobs?size=2&status=completed");
        Assert.Equal(200, status);
        int total = first.GetProperty("total").GetInt32();
        Assert.True(total >= 3, $"total {total}");
        Assert.Equal((total + 1) / 2, first.GetProperty("pages").GetInt32());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var seen = new List<string>();
        for (int page = 1; page <= first.GetProperty("pages").GetInt32(); page++)
        {
            var (_, body) = await rig.GetAsync($"/api/jobs?size=2&status=completed&page={page}");
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                Assert.Equal("completed", item.GetProperty("status").GetString());
                Assert.Equal("pairwise", item.GetProperty("model").GetString());
                Assert.Equal(1.0, item.GetProperty("progress").GetDouble());
                Assert.True(item.TryGetProperty("finishedAt", out _));
                seen.Add(item.GetProperty("id").GetString()!);
            }
        }
        Assert.Equal(total, seen.Distinct().Count());
        Assert.Superset(ids.ToHashSet(), seen.ToHashSet());

        var (_, running) = await rig.GetAsync("/api/jobs?status=running");
        Assert.DoesNotContain(running.GetProperty("items").EnumerateArray(), j => ids.Contains(j.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/api/jobs?size=0", "size")]
    [InlineData("/api/jobs?size=101", "size")]
    [InlineData("/api/jobs?size=ten", "size")]
    [InlineData("/api/jobs?page=0", "page")]
    [InlineData("/api/jobs?page=100000", "page")]
    [InlineData("/api/jobs?status=finished", "status")]
    [InlineData("/api/jobs?size=5&size=6", "size")]
    [InlineData("/api/jobs/bad.job/realisations?size=201", "size")]
    [InlineData("/api/jobs/bad.job/realisations?size=-1", "size")]
    [InlineData("/api/jobs/bad.job/realisations?page=3", "page")]
    [InlineData("/api/jobs/bad.job/estimates?time=abc", "time")]
    [InlineData("/api/jobs/bad.job/estimates?time=NaN", "time")]
    [InlineData("/api/jobs/bad.job/estimates?time=0.5", "time")]
    [InlineData("/api/jobs/bad.job/estimates?species=nobody", "species")]
    [InlineData("/api/jobs/bad.job/estimates?observable=mean&component=zz", "component")]
    [InlineData("/api/jobs/bad.job/estimates?observable=spin", "observable")]
    [InlineData("/api/jobs/bad.job/estimates?limit=0", "limit")]
    [InlineData("/api/jobs/bad.job/events?time=1e999", "time")]
    [InlineData("/api/jobs/bad.job/events?species=nobody", "species")]
    [InlineData("/api/jobs/bad%20job", "id")]
    public async Task ABadQueryValueIsRefusedWith400NamingTheParameter(string path, string parameter)
    {
        await rig.RunToEndAsync("bad.job", DashboardRig.Quick(20));
        var (status, body) = await rig.GetAsync(path);
        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        string message = body.GetProperty("error").GetString()!;
        Assert.Contains(parameter, message);
        Assert.Contains("found", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/estimates")]
    [InlineData("/realisations")]
    [InlineData("/events")]
    public async Task AnUnknownJobIs404WithAMessage(string tail)
    {
        var (status, body) = await rig.GetAsync($"/api/jobs/no-such-job{tail}");
        Assert.Equal(404, status);
        Assert.Contains("no job 'no-such-job'", body.GetProperty("error").GetString());
        var (posted, answer) = await DashboardRig.SendAsync(HttpMethod.Post, "/api/jobs/no-such-job/realisations/0/rerun", null, rig.Http);
        Assert.Equal(404, posted);
        Assert.Contains("no-such-job", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AJobsPageShowsItsSpecSummaryAndProgress()
    {
        await rig.RunToEndAsync("detail", DashboardRig.Quick(24, name: "detail demo", seed: 99));
        var (status, body) = await rig.GetAsync("/api/jobs/detail");
        Assert.Equal(200, status);
        var spec = body.GetProperty("spec");
        Assert.Equal(99ul, spec.GetProperty("masterSeed").GetUInt64());
        Assert.Equal(24, spec.GetProperty("realisations").GetInt32());
        Assert.Equal(1e-3, spec.GetProperty("dt").GetDouble());
        Assert.Equal(0.01, spec.GetProperty("horizon").GetDouble(), 12);
        Assert.Equal(10, spec.GetProperty("steps").GetInt64());
        Assert.Equal([20, 20], spec.GetProperty("species").EnumerateArray().Select(s => s.GetProperty("particles").GetInt32()));
        Assert.False(string.IsNullOrWhiteSpace(spec.GetProperty("codeVersion").GetString()));
        var progress = body.GetProperty("progress");
        Assert.Equal("detail demo", progress.GetProperty("name").GetString());
        Assert.Equal(24, progress.GetProperty("succeeded").GetInt32());
        Assert.True(progress.GetProperty("finished").GetBoolean());
        Assert.True(progress.GetProperty("throughput").GetDouble() > 0);
        Assert.Equal(0, progress.GetProperty("inFlight").GetInt32());
        Assert.Equal(0, progress.GetProperty("awaitingCollection").GetInt32()); // a finished job's partials were all collected
        var observables = body.GetProperty("choices").GetProperty("observables").EnumerateArray().Select(o => o.GetProperty("name").GetString());
        Assert.Contains("mean", observables);
        var points = body.GetProperty("convergence").GetProperty("points");
        Assert.Equal(24, points.EnumerateArray().Last().GetProperty("realisations").GetInt32());
    }

    [Fact]
    public async Task EstimatesAreChosenBySpeciesTimeAndComponentAndMatchTheCoordinators()
    {
        await rig.RunToEndAsync("estimates", DashboardRig.Quick(30));
        var expected = (await rig.Grains.GetGrain<IJobGrain>("estimates")
            .GetEstimates(new EstimateQuery { Observable = "mean", Species = "s1", Time = 0.01 })).Rows.Single(r => r.Component == "x");

        var (status, body) = await rig.GetAsync("/api/jobs/estimates/estimates?observable=mean&species=s1&time=0.01&component=x");
        Assert.Equal(200, status);
        var row = Assert.Single(body.GetProperty("rows").EnumerateArray());
        Assert.Equal(expected.Mean, row.GetProperty("mean").GetDouble());
        Assert.Equal(expected.StandardError, row.GetProperty("se").GetDouble());
        Assert.Equal(expected.CiLow, row.GetProperty("ciLow").GetDouble());
        Assert.Equal(expected.CiHigh, row.GetProperty("ciHigh").GetDouble());
        Assert.Equal(30, row.GetProperty("count").GetInt64());
        Assert.False(body.GetProperty("partial").GetBoolean());

        var (_, capped) = await rig.GetAsync("/api/jobs/estimates/estimates?limit=3");
        Assert.Equal(3, capped.GetProperty("rows").GetArrayLength());
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        Assert.True(capped.GetProperty("matched").GetInt32() > 3);
    }

    [Fact]
    public async Task RealisationsComeInPagesOfBoundedSizeMatchingTheRecords()
    {
        await rig.RunToEndAsync("pages", DashboardRig.Quick(40));
        var (status, body) = await rig.GetAsync("/api/jobs/pages/realisations?page=2&size=16");
        Assert.Equal(200, status);
        Assert.Equal(40, body.GetProperty("total").GetInt32());
        Assert.Equal(3, body.GetProperty("pages").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(16, 16), items.Select(i => i.GetProperty("seed").GetInt32()));
        var record = await rig.Grains.GetGrain<IJobGrain>("pages").GetRealisation(20);
        var twenty = items[4];
        Assert.Equal("succeeded", twenty.GetProperty("status").GetString());
        Assert.Equal(StateChecksum.Format(record.Checksum), twenty.GetProperty("checksum").GetString());
        Assert.Equal(record.Attempts, twenty.GetProperty("attempts").GetInt32());

        var (_, last) = await rig.GetAsync("/api/jobs/pages/realisations?page=3&size=16");
        Assert.Equal(8, last.GetProperty("items").GetArrayLength());
        var (_, defaulted) = await rig.GetAsync("/api/jobs/pages/realisations");
        Assert.Equal(40, defaulted.GetProperty("items").GetArrayLength());
        var (largest, _) = await rig.GetAsync($"/api/jobs/pages/realisations?size={Ensemble.Dashboard.Api.JobEndpoints.MaxRealisationPageSize}");
        Assert.Equal(200, largest);
    }

    [Fact]
    public async Task RerunRecomputesTheSeedOnASiloAndSaysItReproduced()
    {
        await rig.RunToEndAsync("rerun", DashboardRig.Quick(10));
        var (status, body) = await DashboardRig.SendAsync(HttpMethod.Post, "/api/jobs/rerun/realisations/3/rerun", null, rig.Http);
        Assert.Equal(200, status);
        Assert.Equal("reproduced", body.GetProperty("verdict").GetString());
        Assert.True(body.GetProperty("reproduced").GetBoolean());
        Assert.Equal(3u, body.GetProperty("seed").GetUInt32());
        Assert.StartsWith("reproduced: checksum", body.GetProperty("explanation").GetString());

        var (outside, refused) = await DashboardRig.SendAsync(HttpMethod.Post, "/api/jobs/rerun/realisations/10/rerun", null, rig.Http);
        Assert.Equal(400, outside);
        Assert.Equal("seed", refused.GetProperty("parameter").GetString());
        var (notANumber, _) = await DashboardRig.SendAsync(HttpMethod.Post, "/api/jobs/rerun/realisations/x1/rerun", null, rig.Http);
        Assert.Equal(400, notANumber);
    }

    [Fact]
    public async Task NoActionIsTakenByGet()
    {
        await rig.RunToEndAsync("get-only", DashboardRig.Quick(4));
        using var response = await rig.Http.GetAsync("/api/jobs/get-only/realisations/0/rerun", Cancellation);
        Assert.Equal(405, (int)response.StatusCode);
    }

    [Fact]
    public async Task WithATokenConfiguredARerunNeedsItAsBearerOrCookieAndReadsDoNot()
    {
        await rig.RunToEndAsync("guarded", DashboardRig.Quick(4));
        await using var guarded = await rig.StartDashboardAsync(new DashboardOptions { AccessToken = "s3cret-token" });
        using var http = new HttpClient { BaseAddress = new Uri(guarded.Url) };
        const string Rerun = "/api/jobs/guarded/realisations/1/rerun";

        var (none, refusal) = await DashboardRig.SendAsync(HttpMethod.Post, Rerun, null, http);
        Assert.Equal(401, none);
        Assert.Contains("access token", refusal.GetProperty("error").GetString());
        Assert.Equal(401, (await DashboardRig.SendAsync(HttpMethod.Post, Rerun, "wrong", http)).Status);
        Assert.Equal(200, (await DashboardRig.SendAsync(HttpMethod.Post, Rerun, "s3cret-token", http)).Status);
        var cookie = new Dictionary<string, string> { ["Cookie"] = $"{DashboardOptions.TokenCookie}=s3cret-token" };
        Assert.Equal(200, (await DashboardRig.SendAsync(HttpMethod.Post, Rerun, null, http, cookie)).Status);
        var elsewhere = new Dictionary<string, string> { ["Origin"] = "http://evil.example" };
        Assert.Equal(403, (await DashboardRig.SendAsync(HttpMethod.Post, Rerun, "s3cret-token", http, elsewhere)).Status);
        Assert.Equal(200, (await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/guarded", null, http)).Status);
    }

    [Fact]
    public async Task ThePagesAndTheVendoredChartLibraryAreServedFromTheAssemblyWithAStrictPolicy()
    {
        foreach (var path in new[] { "/", "/jobs/anything", "/static/job.js", "/static/uPlot.iife.min.js", "/static/uPlot.LICENSE.txt" })
        {
            using var response = await rig.Http.GetAsync(path, Cancellation);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
        Assert.Contains("MIT License", await rig.Http.GetStringAsync("/static/uPlot.LICENSE.txt", Cancellation));
        string job = await rig.Http.GetStringAsync("/static/job.js", Cancellation);
        Assert.DoesNotContain("innerHTML", job);
        Assert.DoesNotContain("http", await rig.Http.GetStringAsync("/jobs/x", Cancellation), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(404, (int)(await rig.Http.GetAsync("/static/..%2FDashboard.csproj", Cancellation)).StatusCode);
    }
}
