using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// A study on silo processes and a real PostgreSQL, followed by two <c>study SPEC --gateway-port</c> clients through
/// different gateways, while the silo holding the study's grain is killed: one client loses its gateway, both lose the
/// grain's silo, and both must end on the study's final line; the study finishes with every seed of every point counted
/// once and records its fits with no help from anyone. The first client connects while its silo is the whole cluster,
/// so it can only reach the second silo's gateway if it keeps asking the cluster for its gateways.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed partial class StudyFaultTests(PostgresFixture postgres)
{
    private const int Realisations = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Silos the membership table holds as active (Orleans' SiloStatus.Active is 3).</summary>
    private const string ActiveSilos = "SELECT count(*) FROM orleansmembershiptable WHERE status = 3";

    /// <summary>The seeds the points' checkpoints have counted (a job's realisation rows are written in batches).</summary>
    private const string Progress = "SELECT coalesce(sum(succeeded), 0)::bigint FROM ensemble.jobs WHERE job_id LIKE 'faults.p%'";

    [Fact]
    public async Task TwoFollowersRideThroughTheDeathOfTheStudyGrainsSiloAndTheStudyFinishesExactlyOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "study-faults");
        // Only the membership listener brings a point's job back in time; the study grain comes back when it is asked.
        var environment = new Dictionary<string, string>
        {
            ["Ensemble__Jobs__ResumePeriod"] = "00:10:00",
            ["Ensemble__Checkpoints__Interval"] = "00:00:01",
        };
        var silos = new List<SiloProcess> { await SiloProcess.StartAsync(db.ConnectionString, environment) };
        string spec = Path.Combine(Path.GetTempPath(), $"ensemble-study-{Guid.NewGuid():N}.json");
        File.WriteAllText(spec, Study().ToJsonString());
        try
        {
            string[] Follow(SiloProcess gateway) =>
                ["study", spec, "--gateway-port", $"{gateway.GatewayPort}", "--give-up-after", "120s", "--no-report"];
            var noDatabase = new Dictionary<string, string> { ["ENSEMBLE_POSTGRES"] = "" };
            var first = ClientProcess.RunAsync(noDatabase, Follow(silos[0]));
            await WaitFor(db, "SELECT count(*) FROM ensemble.studies WHERE study_id = 'faults'", n => n == 1);
            silos.Add(await SiloProcess.StartAsync(db.ConnectionString, environment));
            await WaitFor(db, ActiveSilos, n => n == 2);
            var second = ClientProcess.RunAsync(noDatabase, Follow(silos[1]));
            long total = 3 * Realisations;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await WaitFor(db, Progress, n => n >= total / 10);
            // The followers ask for the gateways every 2 s; the first must have heard of the second silo before the kill.
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            long seen = await db.ScalarAsync<long>(Progress);

            var status = await ClientProcess.RunAsync(noDatabase, "study", "status", "faults", "--gateway-port", $"{silos[0].GatewayPort}");
            var host = GrainHost().Match(status.Output);
            Assert.True(host.Success, $"study status names no silo:\n{status.Output}{status.Error}");
            var victim = PostgresCluster.HostOf(host.Groups[1].Value, [.. silos]);
            await victim.KillAsync();
            long atKill = await db.ScalarAsync<long>(Progress);
            TestContext.Current.SendDiagnosticMessage(
                $"[study faults] killed the grain's silo {clock.Elapsed.TotalSeconds:F1} s in, at {atKill}/{total} seeds");
            Assert.True(atKill < total, $"the study finished before its grain's silo was killed ({clock.Elapsed.TotalSeconds:F1} s in; "
                + $"{seen} seeds recorded when the kill was ordered)");

            string finalLine = $"faults: completed, 3/3 points, {total}/{total} realisations, 0 failed";
            var outcomes = new[] { ("through the victim's gateway", await (victim == silos[0] ? first : second)),
                ("through the survivor's gateway", await (victim == silos[0] ? second : first)) };
            foreach (var (name, outcome) in outcomes)
            {
                Assert.True(outcome.ExitCode == 0, $"{name}: exit {outcome.ExitCode}\n{outcome.Output}\n{outcome.Error}");
                Assert.Contains(finalLine, outcome.Output);
                Assert.DoesNotContain("lost the cluster", outcome.Output + outcome.Error);
                Assert.Contains("slope vs particles", outcome.Output);
            }
            Assert.Equal(Slopes(outcomes[0].Item2.Output), Slopes(outcomes[1].Item2.Output));

            // Every seed of every point once, and the study's own record of its end and fits.
            Assert.Equal(total, await db.ScalarAsync<long>(
                "SELECT count(*) FROM ensemble.realisations WHERE job_id LIKE 'faults.p%' AND status = 'succeeded'"));
            await WaitFor(db, "SELECT count(*) FROM ensemble.studies WHERE study_id = 'faults' AND status = 'completed' AND fits IS NOT NULL",
                n => n == 1);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
            File.Delete(spec);
        }
    }

    /// <summary>
    /// Three points of 0.15-0.9 s a realisation: the kill, 10-30 s after the study began (a second silo's start, the
    /// followers' next look at the gateways), lands mid-study even on an idle machine (at 64-117 of 300 seeds so far).
    /// </summary>
    private static JsonObject Study() => new()
    {
        ["id"] = "faults",
        ["base"] = JsonNode.Parse(SpecJson.Serialize(TestSpecs.Pairwise(1, 100, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, dt: 4e-4, steps: 3000))),
        ["grid"] = new JsonArray(new JsonObject { ["parameter"] = "particles", ["values"] = new JsonArray(100, 200, 400) }),
        ["realisations"] = Realisations,
        ["seed"] = 5,
        ["fit"] = new JsonArray(new JsonObject { ["observable"] = "covariance", ["species"] = "s0", ["time"] = 1.2, ["component"] = "xx" }),
    };

    private static async Task WaitFor(PostgresDatabase db, string sql, Func<long, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done(await db.ScalarAsync<long>(sql)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalSeconds:F0} s for: {sql}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static string[] Slopes(string output) =>
        output.Split('\n').Where(l => l.Contains("slope vs", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();

    [GeneratedRegex(@"study grain on silo (\S+)")]
    private static partial Regex GrainHost();
}
