using System.Diagnostics;
using System.Text.Json;
using Ensemble.Dashboard.Api;
using Ensemble.Grains.Interfaces;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>/api/operations and the Orleans dashboard under /orleans, against the rig's real one-silo cluster (two workers).</summary>
public sealed class DashboardOperationsTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OperationsShowTheSiloItsWorkersAndTheRealisationsInFlightWhileASlowJobRuns()
    {
        // Long enough (minutes) never to finish while the test watches; cancelled at the end.
        var job = rig.Grains.GetGrain<IJobGrain>("ops-slow");
        await job.Submit(DashboardRig.Slow(2000, name: "ops demo"));
        try
        {
            var ops = await PollUntil(o => Silos(o).Single().GetProperty("realisations").GetInt32() > 0
                && Jobs(o).Any(j => j.GetProperty("id").GetString() == "ops-slow" && j.GetProperty("inFlight").GetInt32() > 0));

            var silo = Silos(ops).Single();
            Assert.Equal("active", silo.GetProperty("status").GetString());
            Assert.Equal(2, silo.GetProperty("workers").GetInt32());
            // The job's window is 2 (DashboardRig.Slow), so no more than 2 realisations can be on the silo or busy on its workers.
            Assert.InRange(silo.GetProperty("realisations").GetInt32(), 1, 2);
            Assert.InRange(silo.GetProperty("busyWorkers").GetInt32(), 0, 2);
            Assert.True(silo.GetProperty("activations").GetInt32() > 0);
            Assert.True(silo.GetProperty("memoryBytes").GetInt64() > 0);
            Assert.False(silo.TryGetProperty("problem", out _), silo.ToString());
            Assert.True(DateTimeOffset.Parse(silo.GetProperty("startedAt").GetString()!) < DateTimeOffset.UtcNow);

            var running = Jobs(ops).Single(j => j.GetProperty("id").GetString() == "ops-slow");
            Assert.Equal("ops demo", running.GetProperty("name").GetString());
            Assert.Equal("running", running.GetProperty("status").GetString());
            // Its in-flight count also holds realisations done and waiting in the silo's partial sums, so it may exceed the window.
            Assert.True(running.GetProperty("inFlight").GetInt32() >= 1);
            Assert.Equal(silo.GetProperty("name").GetString(), running.GetProperty("coordinator").GetString());
            Assert.Equal(2000, running.GetProperty("total").GetInt32());

            var totals = ops.GetProperty("totals");
            Assert.Equal(1, totals.GetProperty("activeSilos").GetInt32());
            Assert.Equal(2, totals.GetProperty("workers").GetInt32());
            Assert.True(totals.GetProperty("runningJobs").GetInt32() >= 1);

            // A later read adds a sample; its throughput is the realisations finished since the previous one (some, at ~0.1 s each).
            var history = ops.GetProperty("history").GetArrayLength();
            var later = await PollUntil(o => o.GetProperty("history").GetArrayLength() > history
                && o.GetProperty("history").EnumerateArray().Last().TryGetProperty("throughput", out var t) && t.GetDouble() > 0);
            var last = later.GetProperty("history").EnumerateArray().Last();
            Assert.True(last.GetProperty("realisations").GetInt32() <= 2);
        }
        finally
        {
            await job.Cancel();
        }
    }

    [Fact]
    public async Task ManyReadsWithinASecondCostOneReadOfTheCluster()
    {
        await Task.Delay(OperationsEndpoints.FreshFor, Cancellation); // whatever another test read is stale now
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => rig.GetAsync("/api/operations")));
        var all = clock.Elapsed;
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        clock.Restart();
        await rig.GetAsync("/api/operations");
        TestContext.Current.SendDiagnosticMessage($"[operations] 10 reads at once answered in {all.TotalMilliseconds:F0} ms; " +
            $"one more within the second in {clock.Elapsed.TotalMilliseconds:F1} ms (cached)");
        // Ten pages polling at once share one read: one sample time (a second read would only come once it is a second old).
        Assert.InRange(answers.Select(a => a.Body.GetProperty("at").GetString()).Distinct().Count(), 1, 2);
    }

    [Fact]
    public async Task TheOrleansDashboardIsServedUnderOrleansWithItsOwnPolicyThere()
    {
        using var page = await rig.Http.GetAsync("/orleans/", Cancellation);
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(Cancellation));
        string orleansPolicy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("style-src 'self' 'unsafe-inline'", orleansPolicy);
        Assert.Contains("script-src 'self';", orleansPolicy);

        // Without the trailing slash it redirects, so the page's relative asset paths resolve under /orleans/.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = rig.Http.BaseAddress };
        using var bare = await noRedirect.GetAsync("/orleans", Cancellation);
        Assert.Equal("/orleans/", bare.Headers.Location?.OriginalString);

        // Its API reaches the silo's dashboard grain: one active host, and activations counted.
        var clock = Stopwatch.StartNew();
        JsonElement counters;
        while (true)
        {
            var (status, body) = await rig.GetAsync("/orleans/DashboardCounters");
            Assert.Equal(200, status);
            counters = body;
            if (counters.GetProperty("totalActiveHostCount").GetInt32() == 1 || clock.Elapsed > TimeSpan.FromSeconds(15)) break;
            await Task.Delay(250, Cancellation); // its grain collects the counters once a second
        }
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32());
        Assert.True(counters.GetProperty("totalActivationCount").GetInt32() > 0);
        var (typesStatus, types) = await rig.GetAsync("/orleans/GrainTypes");
        Assert.Equal(200, typesStatus);
        Assert.Contains(types.EnumerateArray(), t => t.GetString()!.Contains("SiloWorkloadGrain") || t.GetString()!.Contains("JobGrain"));
        // The log stream would be this web host's log, not the silo's: it is off.
        using var trace = await rig.Http.GetAsync("/orleans/Trace", Cancellation);
        Assert.Equal(403, (int)trace.StatusCode);
        // Its grain-state viewer would activate the grain named in the address (a job's coordinator resumes its job): refused.
        var (stateStatus, refusal) = await rig.GetAsync("/orleans/GrainState?grainType=Ensemble.Grains.JobGrain&grainId=never-submitted");
        Assert.Equal(403, stateStatus);
        Assert.Equal("path", refusal.GetProperty("parameter").GetString());

        // The rest of the dashboard keeps its strict policy.
        using var jobs = await rig.Http.GetAsync("/operations", Cancellation);
        Assert.Equal(200, (int)jobs.StatusCode);
        string strict = jobs.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", strict);
    }

    private static IEnumerable<JsonElement> Silos(JsonElement ops) => ops.GetProperty("silos").EnumerateArray();

    private static IEnumerable<JsonElement> Jobs(JsonElement ops) => ops.GetProperty("jobs").EnumerateArray();

    /// <summary>Reads /api/operations until <paramref name="done"/> holds (within 30 s, however busy the machine).</summary>
    private async Task<JsonElement> PollUntil(Func<JsonElement, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await rig.GetAsync("/api/operations");
            Assert.Equal(200, status);
            if (done(body)) return body;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"not seen in 30 s: {body}");
            await Task.Delay(300, Cancellation);
        }
    }
}
