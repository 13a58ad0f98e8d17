using System.IO.Compression;
using System.Text.Json;
using Ensemble.Dashboard.Api;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// The job page's data endpoints (density, particles vs limit, downloads, the stop rule's ETA) against a real dashboard and a
/// one-silo cluster running small limit jobs.
/// </summary>
public sealed class DashboardJobPageTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<string> FinishedLimitJobAsync(string id, int realisations = 12)
    {
        var status = await rig.RunToEndAsync(id, DashboardJobPageSamples.Limit1D(realisations));
        Assert.Equal(JobStatus.Completed, status.Status);
        return id;
    }

    [Fact]
    public async Task TheDensityHasTheHistogramsBinsTheEstimatesMeansAndEachEquationsPdeDensity()
    {
        string id = await FinishedLimitJobAsync("page-density");
        var (status, body) = await rig.GetAsync($"/api/jobs/{id}/density?time=0.002&species=s1");
        Assert.Equal(200, status);
        Assert.Equal((1, "s1", 0.002, 12L), (body.GetProperty("dimension").GetInt32(), body.GetProperty("species").GetString(),
            body.GetProperty("time").GetDouble(), body.GetProperty("count").GetInt64()));
        var centres = body.GetProperty("centres")[0].EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(DashboardJobPageSamples.Bins1D, centres.Length);
        Assert.Equal(-2.0 + 0.125, centres[0], 12);
        Assert.Equal(2.0 - 0.125, centres[^1], 12);

        // The same numbers as the estimates' own histogram rows of that time and species, bin by bin.
        var job = rig.Grains.GetGrain<IJobGrain>(id);
        var rows = (await job.GetEstimates(new EstimateQuery { Observable = "histogram", Species = "s1", Time = 0.002 })).Rows;
        var mean = body.GetProperty("mean").EnumerateArray().Select(m => m.GetDouble()).ToArray();
        var low = body.GetProperty("ciLow").EnumerateArray().Select(m => m.GetDouble()).ToArray();
        for (int b = 0; b < DashboardJobPageSamples.Bins1D; b++)
        {
            var row = rows.Single(r => r.Component == $"bin{b}");
            Assert.Equal(row.Mean, mean[b]);
            Assert.Equal(row.CiLow, low[b]);
        }
        // Mass of the ensemble-averaged density inside the box: at most 1, and most of it (the clouds start at ±0.5 with sd 0.5).
        double mass = mean.Sum() * 0.25;
        Assert.InRange(mass, 0.8, 1.0 + 1e-9);

        var pde = body.GetProperty("pde").EnumerateArray().ToArray();
        Assert.Equal(["nonlocal", "local"], pde.Select(p => p.GetProperty("equation").GetString()));
        var limit = await job.GetLimit();
        foreach (var p in pde)
        {
            string equation = p.GetProperty("equation").GetString()!;
            var own = limit.Densities.Single(d => d.Equation == equation && d.Species == "s1" && Math.Abs(d.Time - 0.002) < 1e-12);
            Assert.Equal(own.Values, p.GetProperty("density").EnumerateArray().Select(v => v.GetDouble()));
            var grid = limit.Diagnostics.Single(d => d.Equation == equation);
            Assert.Equal(grid.Lower[0] + 0.5 * grid.Spacing, p.GetProperty("x")[0].GetDouble(), 12);
            Assert.Equal(DashboardJobPageSamples.Bins1D, p.GetProperty("binAverages").GetArrayLength());
        }
    }

    [Theory]
    [InlineData("time=0.003", "time")]
    [InlineData("time=abc", "time")]
    [InlineData("time=0.002&species=nobody", "species")]
    public async Task ADensityForATimeThatIsNotAnOutputTimeOrAnUnknownSpeciesIsRefused(string query, string parameter)
    {
        string id = await FinishedLimitJobAsync("page-density-bad");
        var (status, body) = await rig.GetAsync($"/api/jobs/{id}/density?{query}");
        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/jobs/nobody-here/density")]
    [InlineData("/api/jobs/nobody-here/limit-comparison")]
    [InlineData("/api/jobs/nobody-here/estimates.csv")]
    [InlineData("/api/jobs/nobody-here/estimates.json")]
    [InlineData("/api/jobs/nobody-here/report.zip")]
    public async Task AnUnknownJobIsNotFound(string path)
    {
        var (status, body) = await rig.GetAsync(path);
        Assert.Equal(404, status);
        Assert.Contains("nobody-here", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AJobWithoutAHistogramHasNoDensity()
    {
        await rig.RunToEndAsync("page-no-histogram", DashboardRig.Quick(4));
        var (status, body) = await rig.GetAsync("/api/jobs/page-no-histogram/density");
        Assert.Equal(404, status);
        Assert.Contains("histogram", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TheLimitComparisonHasTheWeakErrorsAndTheCouplingRowsAtTheChosenTime()
    {
        string id = await FinishedLimitJobAsync("page-errors");
        var (status, body) = await rig.GetAsync($"/api/jobs/{id}/limit-comparison?time=0.004");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("hasLimit").GetBoolean());
        Assert.Equal(0.004, body.GetProperty("time").GetDouble());
        Assert.Equal(["nonlocal", "local"], body.GetProperty("equations").EnumerateArray().Select(e => e.GetString()));
        var moments = body.GetProperty("moments").EnumerateArray().ToArray();
        // Two species, each mean.x and variance.x.
        Assert.Equal(4, moments.Length);
        var job = rig.Grains.GetGrain<IJobGrain>(id);
        var weak = (await job.GetEstimates(new EstimateQuery { Observable = "weak_error", Time = 0.004 })).Rows;
        var first = moments.First(m => m.GetProperty("quantity").GetString() == "mean.x" && m.GetProperty("species").GetString() == "s0");
        var row = weak.Single(r => r.Species == "s0" && r.Component == "nonlocal.mean.x");
        Assert.Equal(row.Mean, first.GetProperty("weakError").GetDouble());
        Assert.Equal(row.CiHigh, first.GetProperty("weakErrorHigh").GetDouble());
        Assert.Equal(2, first.GetProperty("pde").GetArrayLength());
        var distances = body.GetProperty("distances").EnumerateArray().Select(r => r.GetProperty("observable").GetString()).ToHashSet();
        Assert.Contains("wasserstein_1", distances);
        Assert.Contains("coupling_sup_max_abs", distances);

        var (bad, refusal) = await rig.GetAsync($"/api/jobs/{id}/limit-comparison?time=0.5");
        Assert.Equal(400, bad);
        Assert.Equal("time", refusal.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task TheEstimatesCsvHasTheCliHeaderAndOneLinePerRowAndTheJsonEveryRow()
    {
        string id = await FinishedLimitJobAsync("page-csv");
        var rows = (await rig.Grains.GetGrain<IJobGrain>(id).GetEstimates(new EstimateQuery())).Rows;
        using var response = await rig.Http.GetAsync($"/api/jobs/{id}/estimates.csv", Cancellation);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        string csv = await response.Content.ReadAsStringAsync(Cancellation);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EstimateCsv.Header, lines[0]);
        Assert.Equal(rows.Length + 1, lines.Length);
        Assert.Equal(EstimateCsv.Line(rows[^1]), lines[^1]);

        using var json = await rig.Http.GetAsync($"/api/jobs/{id}/estimates.json", Cancellation);
        Assert.Equal(200, (int)json.StatusCode);
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(id, document.RootElement.GetProperty("job").GetString());
        Assert.Equal(12, document.RootElement.GetProperty("realisations").GetInt64());
        var estimates = document.RootElement.GetProperty("estimates");
        Assert.Equal(rows.Length, estimates.GetArrayLength());
        Assert.Equal(rows[0].Observable, estimates[0].GetProperty("observable").GetString());
        Assert.Equal(rows[0].Mean, estimates[0].GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task TheReportZipHoldsTheReportAndItsFiguresAndASecondRequestMeanwhileIsBusy()
    {
        string id = await FinishedLimitJobAsync("page-report", realisations: 8);
        var first = rig.Http.GetAsync($"/api/jobs/{id}/report.zip", Cancellation);
        var second = rig.Http.GetAsync($"/api/jobs/{id}/report.zip", Cancellation);
        using var a = await first;
        using var b = await second;
        // The two ran at once (429 for one) or one after the other (two zips): never two reports of one job at a time.
        var codes = new[] { (int)a.StatusCode, (int)b.StatusCode }.Order().ToArray();
        Assert.True(codes is [200, 200] or [200, 429], string.Join(", ", codes));
        var zipped = a.StatusCode == System.Net.HttpStatusCode.OK ? a : b;
        Assert.Equal("application/zip", zipped.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(await zipped.Content.ReadAsStreamAsync(Cancellation));
        var names = archive.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("report.md", names);
        Assert.Contains(names, n => n.StartsWith("figures/", StringComparison.Ordinal) && n.EndsWith(".png", StringComparison.Ordinal));
        using var markdown = new StreamReader(archive.GetEntry("report.md")!.Open());
        Assert.Contains(id, await markdown.ReadToEndAsync(Cancellation));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "ensemble-report-*"));
    }

    [Fact]
    public async Task WithAnAccessTokenTheReportNeedsItAndTheEstimatesDoNot()
    {
        string id = await FinishedLimitJobAsync("page-report-token", realisations: 4);
        await using var guarded = await rig.StartDashboardAsync(new Ensemble.Dashboard.Hosting.DashboardOptions { AccessToken = "sesame" });
        using var http = new HttpClient { BaseAddress = new Uri(guarded.Url) };
        var (refused, body) = await DashboardRig.SendAsync(HttpMethod.Get, $"/api/jobs/{id}/report.zip", null, http);
        Assert.Equal(401, refused);
        Assert.Equal("token", body.GetProperty("parameter").GetString());
        using var csv = await http.GetAsync($"/api/jobs/{id}/estimates.csv", Cancellation);
        Assert.Equal(200, (int)csv.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}/report.zip");
        request.Headers.Add("Cookie", $"{Ensemble.Dashboard.Hosting.DashboardOptions.TokenCookie}=sesame");
        using var zipped = await http.SendAsync(request, Cancellation);
        Assert.Equal(200, (int)zipped.StatusCode);
    }

    [Fact]
    public void TheStopRulesEtaExtrapolatesTheSeAsRToTheMinusOneHalfCappedAtR()
    {
        // se 0.1 at R = 16, target 0.05: R' = 16 (0.1 / 0.05)^2 = 64; 48 more at 8 a second is 6 s.
        var history = new PrefixHistory("j", "mean", "s0", 1, "x", 0.05, null, 8, 1000, 16, null,
            [new PrefixPoint(8, 8, 0.3, 0.14), new PrefixPoint(16, 16, 0.3, 0.1)]);
        var status = new JobStatusReport { JobId = "j", Status = JobStatus.Running, Total = 1000, Succeeded = 16, Throughput = 8 };
        var eta = StopEtaJson.From(history, status)!;
        Assert.Equal((false, 64, false), (eta.Reached, eta.NeededRealisations, eta.Capped));
        Assert.Equal(6.0, eta.EtaSeconds!.Value, 9);
        // A target beyond the job's R: capped at R = 100, 84 more to go.
        var capped = StopEtaJson.From(history with { Realisations = 100, TargetSe = 0.01 }, status with { Total = 100 })!;
        Assert.Equal((100, true), (capped.NeededRealisations, capped.Capped));
        Assert.Equal(84 / 8.0, capped.EtaSeconds!.Value, 9);
        // No rule, no ETA.
        Assert.Null(StopEtaJson.From(history with { TargetSe = null }, status));
    }

    [Fact]
    public async Task AJobWithAStopRuleShowsItsTargetReachedOrHowFarItIs()
    {
        await rig.RunToEndAsync("page-stop-reached", DashboardJobPageSamples.Stopping(40, targetSe: 10));
        var (_, reached) = await rig.GetAsync("/api/jobs/page-stop-reached");
        var stop = reached.GetProperty("convergence").GetProperty("stop");
        Assert.True(stop.GetProperty("reached").GetBoolean());
        Assert.Equal(10, stop.GetProperty("targetSe").GetDouble());
        Assert.True(stop.GetProperty("stoppedAt").GetInt32() >= 8);

        await rig.RunToEndAsync("page-stop-far", DashboardJobPageSamples.Stopping(24, targetSe: 1e-9));
        var (_, far) = await rig.GetAsync("/api/jobs/page-stop-far");
        stop = far.GetProperty("convergence").GetProperty("stop");
        Assert.False(stop.GetProperty("reached").GetBoolean());
        Assert.True(stop.GetProperty("capped").GetBoolean());
        Assert.Equal(24, stop.GetProperty("neededRealisations").GetInt32());
        Assert.True(stop.GetProperty("currentSe").GetDouble() > 1e-9);

        var (_, plain) = await rig.GetAsync($"/api/jobs/{await FinishedLimitJobAsync("page-stop-none", 4)}");
        Assert.False(plain.GetProperty("convergence").TryGetProperty("stop", out _));
        Assert.Equal(JsonValueKind.Object, plain.GetProperty("spec").GetProperty("histogram").ValueKind);
    }
}
