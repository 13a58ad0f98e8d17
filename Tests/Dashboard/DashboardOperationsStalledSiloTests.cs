using System.Diagnostics;
using System.Text.Json;
using Ensemble.Dashboard.Reading;
using Ensemble.Tests.Persistence;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// /api/operations on one silo process while the other hangs (SIGSTOP: its sockets open, nothing answered, not yet declared
/// dead): the read comes back within the page's patience, the hung silo's row says it did not answer and the jobs list says
/// its coordinator did not, the live silo's row is complete; once the silo goes on, both answer again.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class DashboardOperationsStalledSiloTests(PostgresFixture postgres)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>About 2 s a realisation, one at a time: the job is still running whenever it is read.</summary>
    private static readonly string SlowJob = Simulation.Specs.SpecJson.Serialize(
        TestSpecs.Pairwise(1, 1000, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 2500));

    [Fact]
    public async Task AHungSiloIsShownAsNotAnsweringWithinThePatienceAndTheOtherSiloInFull()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "stalled-silo");
        int port = FreePort.Find();
        // Failure detection slow enough that the hung silo stays a member for the whole pause (the tests' silos use 1 s x 2).
        var slowDetection = new Dictionary<string, string>
        {
            ["Orleans__Membership__ProbeTimeout"] = "00:00:10",
            ["Orleans__Membership__NumMissedProbesLimit"] = "3",
        };
        var withDashboard = new Dictionary<string, string>(slowDetection)
        {
            ["Ensemble__Dashboard__Enabled"] = "true",
            ["Ensemble__Dashboard__Urls"] = $"http://127.0.0.1:{port}",
        };
        var silos = await Task.WhenAll(SiloProcess.StartAsync(db.ConnectionString, withDashboard),
            SiloProcess.StartAsync(db.ConnectionString, slowDetection));
        var (watcher, stalled) = (silos[0], silos[1]);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await Until(http, o => Silos(o).Count(s => s.TryGetProperty("workers", out _)) == 2, "both silos answering");
            string jobId = await JobCoordinatedBy(db.ConnectionString, stalled, silos);
            await Until(http, o => Running(o).Contains(jobId), $"job {jobId} listed as running");

            await stalled.PauseAsync(stop: true);
            await Task.Delay(Ensemble.Dashboard.Api.OperationsEndpoints.FreshFor + TimeSpan.FromMilliseconds(100), Cancellation);
            var clock = Stopwatch.StartNew();
            var during = await Read(http);
            var read = clock.Elapsed;

            bool IsStalled(JsonElement silo) => PostgresCluster.HostOf(silo.GetProperty("address").GetString()!, silos) == stalled;
            var hung = Silos(during).Single(IsStalled);
            Assert.Equal("active", hung.GetProperty("status").GetString());
            Assert.False(hung.TryGetProperty("workers", out _), hung.ToString());
            string problem = hung.GetProperty("problem").GetString()!;
            Assert.Contains($"workload: no answer within {ClusterReading.SiloPatience.TotalSeconds:F0} s", problem);
            var live = Silos(during).Single(s => !IsStalled(s));
            Assert.Equal(2, live.GetProperty("workers").GetInt32());
            Assert.False(live.TryGetProperty("problem", out _), live.ToString());
            Assert.Equal($"the jobs' coordinators did not all answer within {ClusterReading.JobsPatience.TotalSeconds:F0} s",
                during.GetProperty("jobsProblem").GetString());
            // Silos and jobs are asked side by side, each within its patience: the read is bounded by the longer one, far
            // below the 30 s an unanswered grain call would take.
            var bound = ClusterReading.JobsPatience + TimeSpan.FromSeconds(5);
            Assert.True(read < bound, $"the read took {read.TotalSeconds:F1} s with a hung silo (bound {bound.TotalSeconds:F0} s)");
            TestContext.Current.SendDiagnosticMessage(
                $"[operations] read {read.TotalMilliseconds:F0} ms with a hung silo: \"{problem}\"; jobs: \"{during.GetProperty("jobsProblem")}\"");

            await stalled.PauseAsync(stop: false);
            await Until(http, o => Silos(o).Count(s => s.TryGetProperty("workers", out _)) == 2 && !o.TryGetProperty("jobsProblem", out _)
                && Running(o).Contains(jobId), "both silos and the job's coordinator answering again");
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    /// <summary>Submits slow jobs until one's coordinator is on <paramref name="silo"/> (placement is Orleans' choice).</summary>
    private static async Task<string> JobCoordinatedBy(string connectionString, SiloProcess silo, SiloProcess[] silos)
    {
        for (int k = 0; k < 20; k++)
        {
            string jobId = $"stall-{k}";
            string coordinator = await PostgresCluster.SubmitAsync(connectionString, jobId,
                new Ensemble.Jobs.Contracts.JobSubmission { SpecJson = SlowJob, Realisations = 1000, MasterSeed = 3, MaxInFlight = 1 });
            if (PostgresCluster.HostOf(coordinator, silos) == silo) return jobId;
        }
        throw new InvalidOperationException("20 jobs and none coordinated by the second silo");
    }

    private static async Task<JsonElement> Read(HttpClient http)
    {
        using var response = await http.GetAsync("/api/operations", Cancellation);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone();
    }

    private static async Task Until(HttpClient http, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement? last = null;
        while (true)
        {
            try
            {
                last = await Read(http);
                if (done(last.Value)) return;
            }
            catch (HttpRequestException)
            {
                // The dashboard is not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"waited 60 s for {what}; last read: {last}");
            await Task.Delay(250, Cancellation);
        }
    }

    private static JsonElement[] Silos(JsonElement operations) => operations.GetProperty("silos").EnumerateArray().ToArray();

    private static string[] Running(JsonElement operations) =>
        operations.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToArray();
}
