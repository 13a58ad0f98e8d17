using System.Diagnostics;
using System.Text.Json;
using Ensemble.Grains.Interfaces;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>The server-sent events of a running job: several updates as it runs, never more than two a second, ending when it has finished.</summary>
public sealed class DashboardEventsTests(DashboardRig rig) : IClassFixture<DashboardRig>
{
    [Fact]
    public async Task ARunningJobSendsSeveralThrottledUpdatesThenItsFinalOne()
    {
        // A job far longer than the test watches it; cancelled once folded results have shown for a few seconds, which ends the
        // stream. (A silo's partial sums are collected about once a second, so a job of a second or two could show nothing folded
        // before its end: that is how a fixed job of 150 once showed only "0 succeeded" and then its finish.)
        var job = rig.Grains.GetGrain<IJobGrain>("live");
        await job.Submit(DashboardRig.Slow(2000));
        var reading = ReadEventsAsync(rig.Http, "/api/jobs/live/events?species=s0&component=x", TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();
        while ((await job.GetStatus()).Succeeded == 0 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        await job.Cancel();
        var updates = await reading;

        Assert.True(updates.Count >= 3, $"only {updates.Count} updates");
        var progress = updates.Select(u => u.Body.GetProperty("progress")).ToArray();
        Assert.Contains(progress, p => !p.GetProperty("finished").GetBoolean() && p.GetProperty("succeeded").GetInt32() > 0);
        Assert.True(progress[^1].GetProperty("finished").GetBoolean());
        Assert.Equal("cancelled", progress[^1].GetProperty("status").GetString());
        Assert.Equal((await job.GetStatus()).Succeeded, progress[^1].GetProperty("succeeded").GetInt32());
        var done = progress.Select(p => p.GetProperty("succeeded").GetInt32()).ToArray();
        Assert.Equal(done.Order(), done);
        // The estimates fold in as the job runs: their R grows with the progress.
        var counts = updates.Select(u => u.Body.GetProperty("estimates").GetProperty("rows")[0].GetProperty("count").GetInt64()).ToArray();
        Assert.True(counts.Distinct().Count() >= 3, string.Join(", ", counts));
        // Throttled to 500 ms between updates: measured where they arrive, so one delivery delayed on a busy machine may shorten
        // the next gap; the median gap and the overall rate may not.
        var gaps = updates.Zip(updates.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Order().ToArray();
        Assert.True(gaps[gaps.Length / 2] >= 450, $"median gap {gaps[gaps.Length / 2]:F0} ms");
        Assert.True(gaps[0] >= 200, $"shortest gap {gaps[0]:F0} ms");
        double seconds = (updates[^1].At - updates[0].At).TotalSeconds;
        Assert.True(updates.Count - 1 <= seconds * 2 + 1, $"{updates.Count} updates in {seconds:F1} s");
    }

    [Fact]
    public async Task AFinishedJobSendsOneUpdateAndEndsTheStream()
    {
        await rig.RunToEndAsync("over", DashboardRig.Quick(12));
        var updates = await ReadEventsAsync(rig.Http, "/api/jobs/over/events", TimeSpan.FromSeconds(10));
        var only = Assert.Single(updates);
        Assert.True(only.Body.GetProperty("progress").GetProperty("finished").GetBoolean());
        Assert.All(only.Body.GetProperty("estimates").GetProperty("rows").EnumerateArray(), r => Assert.Equal("mean", r.GetProperty("observable").GetString()));
    }

    /// <summary>Reads "update" events until the server ends the stream (or the patience runs out, which fails).</summary>
    public static async Task<List<(TimeSpan At, JsonElement Body)>> ReadEventsAsync(HttpClient http, string path, TimeSpan patience)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(patience);
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var clock = Stopwatch.StartNew();
        var updates = new List<(TimeSpan, JsonElement)>();
        string? eventType = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventType = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "update")
                updates.Add((clock.Elapsed, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
        }
        return updates;
    }
}
