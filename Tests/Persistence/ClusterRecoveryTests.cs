using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Storage.Jobs;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// Silo processes on a real PostgreSQL: a crashed silo, a whole cluster killed mid-job, and the
/// database going away for seconds. Every time the job completes, every seed is in the database
/// exactly once, and the estimates equal an undisturbed plain loop over the same seeds to the bit.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class ClusterRecoveryTests(PostgresFixture postgres)
{
    /// <summary>Some tens of milliseconds a realisation in a debug build: a kill lands mid-job.</summary>
    internal static readonly SimulationSpec Spec = TestSpecs.Pairwise(1, 100, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 200);

    internal const int Realisations = 600;
    private const int Window = 16;
    private const string Secret = "NotToBeLogged-5ecr3t";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KillingTheCoordinatorsSiloMidJobLosesNothingAndCountsNothingTwice()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "crash");
        // The password is ignored by the test server (trust) but must appear in no log line.
        string connectionString = db.ConnectionString + $";Password={Secret}";
        var silos = await PostgresCluster.StartSilosAsync(connectionString, 2);
        try
        {
            string coordinator = await PostgresCluster.SubmitAsync(connectionString, "crash",
                Service.Jobs.Submission(Spec, Realisations, seed: 11, maxInFlight: Window));
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "crash", s => s.Done >= Realisations / 4, Patience);
            var victim = PostgresCluster.HostOf(coordinator, silos);
            await victim.KillAsync();

            // Nobody asks the coordinator anything: its reminder brings it back on the survivor.
            var final = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "crash", s => s.IsFinished, Patience);
            Assert.Equal(JobStatus.Completed, final.Status);
            await AssertEverySeedOnceAndEstimatesExact(db, "crash", seed: 11);
            Assert.All(silos.SelectMany(s => s.Output), line => Assert.DoesNotContain(Secret, line));

            // The coordinator's grain state is plain JSON with property names, no CLR type names.
            string state = await db.ScalarAsync<string>(
                "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring LIKE '%job%' AND grainidextensionstring = 'crash'");
            using var json = System.Text.Json.JsonDocument.Parse(state);
            Assert.Equal("Completed", json.RootElement.GetProperty("status").GetString());
            Assert.DoesNotContain("$type", state);
            Assert.DoesNotContain("Ensemble.", state);

            // A client given a bad database never prints the password either.
            var refused = await ClientProcess.RunAsync("status", "crash", "--postgres", $"Host=127.0.0.1;Port=1;Database=x;Username=u;Password={Secret}");
            Assert.Equal(3, refused.ExitCode);
            Assert.DoesNotContain(Secret, refused.Output + refused.Error);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task AWholeClusterRestartResumesFromTheDatabaseAndRecomputesAtMostTheWindow()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Log(string what) => TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {what}");
        await using var db = await PostgresDatabase.CreateAsync(postgres, "restart");
        var before = await PostgresCluster.StartSilosAsync(db.ConnectionString, 2);
        Log("two silos up");
        await PostgresCluster.SubmitAsync(db.ConnectionString, "restart", Service.Jobs.Submission(Spec, Realisations, seed: 12, maxInFlight: Window));
        Log("submitted");
        await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "restart", s => s.Done >= Realisations / 3, Patience);
        foreach (var silo in before) await silo.KillAsync();
        Log("both killed");
        // Outcomes only: seeds in flight at a checkpoint also have a 'pending' row holding their attempts so far.
        long saved = await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE job_id = 'restart' AND status <> 'pending'");
        var computedBefore = before.SelectMany(s => s.ComputedRealisations("restart")).ToHashSet();
        foreach (var silo in before) await silo.DisposeAsync();

        var after = await PostgresCluster.StartSilosAsync(db.ConnectionString, 2);
        Log("two new silos up");
        try
        {
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "restart", s => s.Done > saved, Patience);
            Log("resumed");
            var final = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "restart", s => s.IsFinished, Patience);
            Log("finished");
            Assert.Equal(JobStatus.Completed, final.Status);
            var computedAfter = after.SelectMany(s => s.ComputedRealisations("restart")).ToArray();
            int recomputed = computedAfter.Distinct().Count(computedBefore.Contains);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"saved at the kill: {saved}; computed before: {computedBefore.Count}; computed after: {computedAfter.Length}; " +
                $"recomputed: {recomputed} (window {Window})");
            // Resumed, not restarted: only what was not saved is computed again ...
            Assert.Equal(Realisations - saved, computedAfter.Distinct().Count());
            Assert.True(saved >= Realisations / 3, $"only {saved} saved before the kill");
            // ... and what was computed but not saved is at most the in-flight window.
            Assert.InRange(recomputed, 0, Window);
            await AssertEverySeedOnceAndEstimatesExact(db, "restart", seed: 12);

            // The whole cluster gone again: the CLI still answers from the database.
            foreach (var silo in after) await silo.KillAsync();
            await AssertCliReadsTheDatabase(db, "restart");
        }
        finally
        {
            foreach (var silo in after) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADatabaseOutageMidJobIsWaitedOutWithNothingLostOrDoubled()
    {
        await using var server = await PostgresServer.StartAsync(requireStopAndStart: true);
        string connectionString = await server.CreateDatabaseAsync("outage");
        await using (var migrate = Npgsql.NpgsqlDataSource.Create(connectionString))
            await Storage.Migrations.SchemaMigrator.MigrateAsync(migrate, TestContext.Current.CancellationToken);
        var silos = await PostgresCluster.StartSilosAsync(connectionString, 1);
        try
        {
            // Submitted with the CLI, which finds the silo through the membership table.
            string specFile = Path.Combine(Path.GetTempPath(), $"ensemble-outage-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(specFile, SpecJson.Serialize(Spec), TestContext.Current.CancellationToken);
            try
            {
                var submit = await ClientProcess.RunAsync("submit", specFile, "-r", $"{Realisations}", "--seed", "13", "--job", "outage",
                    "--max-in-flight", $"{Window}", "--postgres", connectionString);
                Assert.True(submit.ExitCode == 0, submit.Output + submit.Error);
            }
            finally
            {
                File.Delete(specFile);
            }
            var atStop = await PostgresCluster.WaitInDatabaseAsync(connectionString, "outage", s => s.Done >= Realisations / 4, Patience);
            await server.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            await server.StartAsync();
            var final = await PostgresCluster.WaitInDatabaseAsync(connectionString, "outage", s => s.IsFinished, Patience);
            Assert.Equal(JobStatus.Completed, final.Status);
            Assert.True(atStop.Done < Realisations, "the outage came after the job had finished");
            await using var check = await PostgresDatabase.OpenAsync(connectionString);
            await AssertEverySeedOnceAndEstimatesExact(check, "outage", seed: 13);
            Assert.Contains(silos[0].Output, l => l.Contains("checkpoint failed", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    internal static async Task AssertEverySeedOnceAndEstimatesExact(PostgresDatabase db, string jobId, ulong seed)
    {
        var job = ("job", (object)jobId);
        Assert.Equal((long)Realisations, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE job_id = @job", job));
        Assert.Equal((long)Realisations, await db.ScalarAsync<long>(
            "SELECT count(DISTINCT seed_index) FROM ensemble.realisations WHERE job_id = @job AND status = 'succeeded'", job));
        Assert.Equal((long)Realisations, await db.ScalarAsync<long>("SELECT realisations FROM ensemble.aggregates WHERE job_id = @job", job));
        await using var reader = PostgresJobArchive.OpenReader(db.ConnectionString);
        var estimates = await reader.EstimatesAsync(jobId, new EstimateQuery(), TestContext.Current.CancellationToken);
        Assert.False(estimates.Partial);
        Service.Jobs.AssertBitIdentical(Service.Jobs.PlainLoop(Spec, Realisations, seed).Estimates(), estimates.Rows);
        // The plain-SQL table holds the final estimates too.
        Assert.Equal((long)estimates.Rows.Length, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.estimates WHERE job_id = @job", job));
    }

    private static async Task AssertCliReadsTheDatabase(PostgresDatabase db, string jobId)
    {
        var status = await ClientProcess.RunAsync("status", jobId, "--postgres", db.ConnectionString);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains("completed", status.Output);
        Assert.Contains($"{Realisations}/{Realisations} done", status.Output);
        var results = await ClientProcess.RunAsync("results", jobId, "--observable", "mean", "--format", "json", "--postgres", db.ConnectionString);
        Assert.True(results.ExitCode == 0, results.Output + results.Error);
        Assert.Contains("\"partial\": false", results.Output);
        string trajectory = Path.Combine(Path.GetTempPath(), $"ensemble-db-rerun-{Guid.NewGuid():N}.csv");
        try
        {
            var rerun = await ClientProcess.RunAsync("rerun", jobId, "--seed", "7", "--out", trajectory, "--postgres", db.ConnectionString);
            Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
            Assert.Contains("reproduced", rerun.Output);
        }
        finally
        {
            File.Delete(trajectory);
        }
        var list = await ClientProcess.RunAsync("list", "--postgres", db.ConnectionString);
        Assert.Contains(jobId, list.Output);
    }
}
