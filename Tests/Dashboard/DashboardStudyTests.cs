using System.Text.Json.Nodes;
using Ensemble.Dashboard.Reading;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Studies;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Studies;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// The study endpoints on a real Kestrel and cluster: the list paged and filtered like the jobs list with bad values refused by
/// name, an unknown study answered 404, a finished study's points and fits as the CLI's view computes them, and the events
/// of a running study throttled and ending after the update that shows it finished.
/// </summary>
public sealed class DashboardStudyTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    [Fact]
    public async Task TheStudiesListIsPagedFilteredByStatusAndRefusesBadValuesByName()
    {
        await RunToEndAsync(rig, "list-a", StudySpecs.Tiny("list-a"));
        await RunToEndAsync(rig, "list-b", StudySpecs.Tiny("list-b"));

        var (status, all) = await rig.GetAsync("/api/studies?size=100");
        Assert.Equal(200, status);
        int total = all.GetProperty("total").GetInt32();
        Assert.True(total >= 2, $"{total} studies listed");
        var ids = all.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToArray();
        Assert.Contains("list-a", ids);
        Assert.Contains("list-b", ids);
        var a = all.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "list-a");
        Assert.Equal("completed", a.GetProperty("status").GetString());
        Assert.Equal(3, a.GetProperty("points").GetInt32());
        Assert.Equal(3, a.GetProperty("pointsFinished").GetInt32());
        Assert.Equal(24, a.GetProperty("succeeded").GetInt32());
        Assert.Equal(1.0, a.GetProperty("progress").GetDouble());
        Assert.True(a.GetProperty("live").GetBoolean());

        var (_, one) = await rig.GetAsync("/api/studies?size=1&page=2");
        Assert.Single(one.GetProperty("items").EnumerateArray());
        Assert.Equal(total, one.GetProperty("pages").GetInt32());
        var (_, completed) = await rig.GetAsync("/api/studies?status=completed");
        Assert.All(completed.GetProperty("items").EnumerateArray(), s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        var (_, failed) = await rig.GetAsync("/api/studies?status=failed");
        Assert.DoesNotContain(failed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "list-a");

        foreach (var (query, parameter) in new[]
        {
            ("size=0", "size"), ("size=101", "size"), ("page=0", "page"), ($"page={total + 1}&size=1", "page"), ("page=x", "page"),
            ("status=queued", "status"), ("status=done", "status"), ("size=1&size=2", "size"),
        })
        {
            var (code, body) = await rig.GetAsync($"/api/studies?{query}");
            Assert.True(code == 400, $"{query}: {code}");
            Assert.Equal(parameter, body.GetProperty("parameter").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task AnUnknownStudyIsAnswered404WithAMessageAndABadIdIsRefused()
    {
        foreach (string path in new[] { "/api/studies/no-such-study", "/api/studies/no-such-study/events" })
        {
            var (status, body) = await rig.GetAsync(path);
            Assert.Equal(404, status);
            Assert.Contains("no-such-study", body.GetProperty("error").GetString());
        }
        var (bad, refusal) = await rig.GetAsync("/api/studies/-x");
        Assert.Equal(400, bad);
        Assert.Equal("id", refusal.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task AFinishedStudyShowsItsPointsAndTheFitsTheCommandLineComputes()
    {
        await RunToEndAsync(rig, "fits", StudySpecs.Tiny("fits"));
        var expected = await new GrainStudyView(rig.Grains.GetGrain<IStudyGrain>("fits")).GetResults();

        var (status, detail) = await rig.GetAsync("/api/studies/fits");
        Assert.Equal(200, status);
        var spec = detail.GetProperty("spec");
        Assert.Equal("pairwise", spec.GetProperty("model").GetString());
        Assert.Equal(8, spec.GetProperty("realisations").GetInt32());
        Assert.Equal([10.0, 20.0, 40.0], spec.GetProperty("grid")[0].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        var study = detail.GetProperty("study");
        Assert.True(study.GetProperty("progress").GetProperty("finished").GetBoolean());
        Assert.Equal(["particles"], study.GetProperty("axes").EnumerateArray().Select(a => a.GetString()));

        var points = study.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(["fits.p0", "fits.p1", "fits.p2"], points.Select(p => p.GetProperty("jobId").GetString()));
        Assert.All(points, p =>
        {
            Assert.Equal("completed", p.GetProperty("status").GetString());
            Assert.Equal(8, p.GetProperty("realisations").GetInt64());
            Assert.Equal(1.0, p.GetProperty("progress").GetDouble());
        });
        Assert.Equal([10.0, 20.0, 40.0], points.Select(p => p.GetProperty("parameters")[0].GetProperty("value").GetDouble()));

        var fits = study.GetProperty("fits").EnumerateArray().ToArray();
        Assert.Equal(["covariance", "tagged_covariance"], fits.Select(f => f.GetProperty("observable").GetString()));
        for (int f = 0; f < fits.Length; f++)
        {
            var estimates = fits[f].GetProperty("estimates").EnumerateArray().ToArray();
            Assert.Equal(3, estimates.Length);
            for (int k = 0; k < 3; k++)
            {
                var e = estimates[k];
                Assert.Equal(expected.Fits[f].Estimates[k].Mean, e.GetProperty("value").GetDouble());
                Assert.Equal(expected.Fits[f].Estimates[k].StandardError, e.GetProperty("se").GetDouble());
                Assert.True(e.GetProperty("ciLow").GetDouble() < e.GetProperty("value").GetDouble());
                Assert.True(e.GetProperty("ciHigh").GetDouble() > e.GetProperty("value").GetDouble());
            }
            var rate = Assert.Single(fits[f].GetProperty("rates").EnumerateArray());
            var fit = expected.Fits[f].Rates[0].Fit;
            Assert.Equal("particles", rate.GetProperty("against").GetString());
            Assert.Equal([0, 1, 2], rate.GetProperty("pointIndices").EnumerateArray().Select(i => i.GetInt32()));
            Assert.Equal(fit.Slope, rate.GetProperty("slope").GetDouble());
            Assert.Equal(fit.Lower95, rate.GetProperty("lower95").GetDouble());
            Assert.Equal(fit.Upper95, rate.GetProperty("upper95").GetDouble());
            Assert.Equal(fit.Intercept, rate.GetProperty("intercept").GetDouble());
            Assert.Equal(fit.Explanation, rate.GetProperty("explanation").GetString());
            Assert.True(rate.GetProperty("lower95").GetDouble() < rate.GetProperty("slope").GetDouble());
        }
    }

    [Fact]
    public async Task ARunningStudySendsThrottledUpdatesAndEndsAfterItFinished()
    {
        var spec = Slow("live-study");
        await rig.Grains.GetGrain<IStudyGrain>("live-study").Submit(spec.ToJsonString());
        var updates = await DashboardEventsTests.ReadEventsAsync(rig.Http, "/api/studies/live-study/events", TimeSpan.FromSeconds(90));

        Assert.True(updates.Count >= 2, $"only {updates.Count} updates");
        var progress = updates.Select(u => u.Body.GetProperty("progress")).ToArray();
        Assert.False(progress[0].GetProperty("finished").GetBoolean());
        Assert.All(progress[..^1], p => Assert.False(p.GetProperty("finished").GetBoolean()));
        Assert.True(progress[^1].GetProperty("finished").GetBoolean());
        Assert.Equal("completed", progress[^1].GetProperty("status").GetString());
        Assert.Equal(3 * 12, progress[^1].GetProperty("succeeded").GetInt32());
        var done = progress.Select(p => p.GetProperty("succeeded").GetInt32()).ToArray();
        Assert.Equal(done.Order(), done);
        // The final update carries the fits over every point (a slope needs three).
        var last = updates[^1].Body.GetProperty("fits")[0];
        Assert.Equal(3, last.GetProperty("estimates").GetArrayLength());
        Assert.Equal(3, last.GetProperty("rates")[0].GetProperty("points").GetInt32());
        var gaps = updates.Zip(updates.Skip(1), (x, y) => (y.At - x.At).TotalMilliseconds).ToArray();
        if (gaps.Length > 0) Assert.True(gaps.Order().ElementAt(gaps.Length / 2) >= 450, string.Join(", ", gaps.Select(g => g.ToString("F0"))));
        double seconds = (updates[^1].At - updates[0].At).TotalSeconds;
        TestContext.Current.SendDiagnosticMessage($"[dashboard] study events: {updates.Count} updates over {seconds:F1} s");
    }

    /// <summary>
    /// Three points of 12 realisations of ~10-100 ms (1D, two species of N = 50, 100, 200, 400 steps): a study that runs for a
    /// few seconds on the rig's two workers. <paramref name="species"/> names the first species (and the fitted one).
    /// </summary>
    internal static JsonObject Slow(string id, string species = "s0")
    {
        var spec = StudySpecs.Tiny(id, realisations: 12, particles: [50, 100, 200]);
        var base_ = (JsonObject)JsonNode.Parse(SpecJson.Serialize(TestSpecs.Pairwise(1, 50, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 400)))!;
        base_["model"]!["species"]![0]!["name"] = species;
        spec["base"] = base_;
        spec["fit"] = new JsonArray(
            new JsonObject { ["observable"] = "covariance", ["species"] = species, ["time"] = 0.4, ["component"] = "xx" },
            new JsonObject { ["observable"] = "tagged_covariance", ["species"] = species, ["time"] = 0.4, ["component"] = "x" });
        return spec;
    }

    internal static async Task<StudyStatusReport> RunToEndAsync(DashboardRig rig, string id, JsonObject spec)
    {
        var study = rig.Grains.GetGrain<IStudyGrain>(id);
        await study.Submit(spec.ToJsonString());
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = await study.GetStatus();
            if (status.IsFinished) return status;
            Assert.True(DateTime.UtcNow < deadline, $"study {id} did not finish: {status.Done}/{status.Total}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
