using System.Diagnostics;
using System.Text.RegularExpressions;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// Faults as a user of the command line sees them, on silo processes and a real PostgreSQL: a
/// follower that rides through the death of the coordinator's silo, a job that resumes on the
/// membership change rather than at its reminder tick, a status that says no coordinator is
/// running, a gateway port that reaches a PostgreSQL-backed silo, and the final status line.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed partial class RidingThroughFaultsTests(PostgresFixture postgres)
{
    /// <summary>Some tens of milliseconds a realisation (the numerical core is optimised even in a debug build): a kill lands mid-job.</summary>
    private static readonly SimulationSpec Spec = TestSpecs.Pairwise(1, 100, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 800);

    private const int Realisations = 240;

    /// <summary>
    /// The followed job has fewer, 4x longer realisations: its followers wait for its end, and the kill comes some seconds
    /// after a fifth is saved (a follower process and a status process start in between), still mid-job on an idle machine.
    /// </summary>
    private const int Followed = 160;

    private static readonly SimulationSpec FollowedSpec = TestSpecs.Pairwise(1, 100, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 3200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(50);

    /// <summary>A reminder period far beyond the test: only the membership listener can bring the job back in time.</summary>
    private static readonly Dictionary<string, string> SlowReminder = new()
    {
        ["Ensemble__Jobs__ResumePeriod"] = "00:10:00",
        ["Ensemble__Checkpoints__Interval"] = "00:00:01",
    };

    [Fact]
    public async Task WatchAndSubmitWaitRideThroughTheDeathOfTheCoordinatorsSiloAndEndOnTheFinalLine()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "ride");
        var silos = await StartSilos(db.ConnectionString, 2, SlowReminder);
        using var spec = new SpecFile(FollowedSpec);
        try
        {
            var submit = ClientProcess.RunAsync("submit", spec.Path, "-r", $"{Followed}", "--job", "ride", "--max-in-flight", "8",
                "--wait", "--give-up-after", "45s", "--postgres", db.ConnectionString);
            await WaitSubmitted(db.ConnectionString, "ride");
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "ride", s => s.Done >= Followed / 5, Patience);
            var watch = ClientProcess.RunAsync("watch", "ride", "--give-up-after", "45s", "--postgres", db.ConnectionString);
            var victim = PostgresCluster.HostOf(await CoordinatorOf("ride", db.ConnectionString), silos);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await victim.KillAsync();
            var atKill = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "ride", _ => true, Patience);
            TestContext.Current.SendDiagnosticMessage($"[ride] killed the coordinator's silo at {atKill.Done}/{Followed} saved");
            Assert.False(atKill.IsFinished, "the job finished before its coordinator's silo was killed");

            string finalLine = $"ride: completed, {Followed}/{Followed} realisations, 0 failed";
            foreach (var (name, follower) in new[] { ("submit --wait", submit), ("watch", watch) })
            {
                var outcome = await follower;
                Assert.True(outcome.ExitCode == 0, $"{name}: exit {outcome.ExitCode}\n{outcome.Output}\n{outcome.Error}");
                Assert.Equal(finalLine, LastLine(outcome.Output));
                Assert.DoesNotContain("lost the cluster", outcome.Output + outcome.Error);
            }
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task AJobResumesWithinSecondsOfItsSilosDeathNotAtItsReminderTick()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "failover");
        var silos = await StartSilos(db.ConnectionString, 2, SlowReminder);
        try
        {
            string coordinator = await PostgresCluster.SubmitAsync(db.ConnectionString, "failover",
                Service.Jobs.Submission(Spec, Realisations, seed: 21, maxInFlight: 8));
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "failover", s => s.Done >= Realisations / 5, Patience);
            await Task.Delay(1500, TestContext.Current.CancellationToken);
            var victim = PostgresCluster.HostOf(coordinator, silos);
            await victim.KillAsync();
            var clock = Stopwatch.StartNew();
            await Task.Delay(1500, TestContext.Current.CancellationToken);
            var atKill = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "failover", _ => true, Patience);

            // Membership in the tests declares a silo dead in about 3-5 s; the reminder would come after 10 minutes.
            var resumed = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "failover",
                s => s.Done > atKill.Done || s.IsFinished, TimeSpan.FromSeconds(25));
            TestContext.Current.TestOutputHelper?.WriteLine($"progress saved again {clock.Elapsed.TotalSeconds:F1} s after the kill");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"resumed only after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(resumed.Done > atKill.Done || resumed.IsFinished);
            var survivor = silos.Single(s => s != victim);
            Assert.Contains(survivor.Output, l => l.Contains("declared dead: resuming", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task StatusWithNoSiloAliveSaysNoCoordinatorIsRunningInsteadOfARateAndAnEta()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "orphan");
        var silos = await StartSilos(db.ConnectionString, 1, SlowReminder);
        try
        {
            string coordinator = await PostgresCluster.SubmitAsync(db.ConnectionString, "orphan", Service.Jobs.Submission(Spec, Realisations, seed: 22));
            var live = await ClientProcess.RunAsync("status", "orphan", "--postgres", db.ConnectionString);
            Assert.True(live.ExitCode == 0, live.Output + live.Error);
            TestContext.Current.TestOutputHelper?.WriteLine(live.Output + live.Error);
            Assert.Matches(@"coordinator\s+" + Regex.Escape(coordinator), live.Output);

            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "orphan", s => s.Done >= Realisations / 5, Patience);
            await silos[0].KillAsync();
            var orphan = await ClientProcess.RunAsync("status", "orphan", "--postgres", db.ConnectionString);
            Assert.True(orphan.ExitCode == 0, orphan.Output + orphan.Error);
            Assert.Matches(@"no coordinator running; last checkpoint at \d\d:\d\d:\d\d UTC \(\d+s ago\)", orphan.Output);
            Assert.DoesNotContain("throughput", orphan.Output);
            Assert.DoesNotContain("eta", orphan.Output);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task AGatewayPortReachesAPostgresBackedSiloAndARedirectedWatchOfAFinishedJobPrintsTheFinalLine()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "gateway");
        var silos = await StartSilos(db.ConnectionString, 1, new Dictionary<string, string>());
        try
        {
            await PostgresCluster.SubmitAsync(db.ConnectionString, "small", Service.Jobs.Submission(Spec, 12, seed: 23));
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "small", s => s.IsFinished, Patience);
            var noDatabase = new Dictionary<string, string> { ["ENSEMBLE_POSTGRES"] = "" };
            var status = await ClientProcess.RunAsync(noDatabase, "status", "small", "--gateway-port", $"{silos[0].GatewayPort}");
            Assert.True(status.ExitCode == 0, status.Output + status.Error);
            Assert.Contains("12/12 done", status.Output);

            foreach (var where in new[] { new[] { "--gateway-port", $"{silos[0].GatewayPort}" }, ["--postgres", db.ConnectionString] })
            {
                var watch = await ClientProcess.RunAsync(noDatabase, ["watch", "small", .. where]);
                Assert.True(watch.ExitCode == 0, watch.Output + watch.Error);
                Assert.Equal("small: completed, 12/12 realisations, 0 failed", LastLine(watch.Output));
            }
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    /// <summary>Until a job submitted by a child process is in the database.</summary>
    private static async Task WaitSubmitted(string connectionString, string jobId)
    {
        await using var reader = Storage.Jobs.PostgresJobArchive.OpenReader(connectionString);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await reader.StatusAsync(jobId, TestContext.Current.CancellationToken);
                return;
            }
            catch (JobRejectedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    internal static async Task<SiloProcess[]> StartSilos(string connectionString, int count, IReadOnlyDictionary<string, string> environment) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SiloProcess.StartAsync(connectionString, environment)));

    /// <summary>
    /// The coordinator's silo as <c>status</c> shows it; asked again while status answers from the database alone (a
    /// coordinator too busy to answer in time on a loaded machine: "no coordinator running").
    /// </summary>
    private static async Task<string> CoordinatorOf(string jobId, string connectionString)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await ClientProcess.RunAsync("status", jobId, "--postgres", connectionString);
            var match = CoordinatorRow().Match(status.Output);
            if (match.Success) return match.Groups[1].Value;
            Assert.True(DateTime.UtcNow < deadline, $"status shows no coordinator:\n{status.Output}{status.Error}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    internal static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).LastOrDefault() ?? "";

    /// <summary>A silo address (host:port@generation, or host:port:generation), not the words of "no coordinator running".</summary>
    [GeneratedRegex(@"coordinator\s+(\S+:\d+[@:]\d+)")]
    private static partial Regex CoordinatorRow();

    /// <summary>A spec written to a temporary file for the command line; deleted on dispose.</summary>
    internal sealed class SpecFile : IDisposable
    {
        public SpecFile(SimulationSpec spec)
        {
            File.WriteAllText(Path, SpecJson.Serialize(spec));
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ensemble-spec-{Guid.NewGuid():N}.json");

        public void Dispose() => File.Delete(Path);
    }
}
