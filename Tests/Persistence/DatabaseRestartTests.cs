using Ensemble.Simulation.Specs;
using Ensemble.Storage.Migrations;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Npgsql;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// A silo process on a real PostgreSQL that restarts under it: the next <c>submit</c> and
/// <c>status</c> from the command line succeed (the silo's pooled connections are stale, and no
/// database exception may cross the grain boundary), and none prints a stack trace.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class DatabaseRestartTests
{
    private static readonly SimulationSpec Spec = TestSpecs.Pairwise(1, 20, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 20);

    [Fact]
    public async Task SubmitAndStatusRightAfterPostgresRestartsSucceed()
    {
        await using var server = await PostgresServer.StartAsync(requireStopAndStart: true);
        string connectionString = await server.CreateDatabaseAsync("restart_cli");
        await using (var migrate = NpgsqlDataSource.Create(connectionString))
            await SchemaMigrator.MigrateAsync(migrate, TestContext.Current.CancellationToken);
        var silos = await PostgresCluster.StartSilosAsync(connectionString, 1);
        string specFile = Path.Combine(Path.GetTempPath(), $"ensemble-restart-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(specFile, SpecJson.Serialize(Spec), TestContext.Current.CancellationToken);
        try
        {
            async Task<ClientProcess.Outcome> Cli(params string[] arguments)
            {
                var outcome = await ClientProcess.RunAsync([.. arguments, "--postgres", connectionString]);
                TestContext.Current.TestOutputHelper?.WriteLine($"{string.Join(' ', arguments)}: exit {outcome.ExitCode}\n{outcome.Output}{outcome.Error}");
                return outcome;
            }
            Task<ClientProcess.Outcome> Submit(string job) => Cli("submit", specFile, "-r", "20", "--seed", "3", "--job", job);

            var before = await Submit("before");
            Assert.True(before.ExitCode == 0, before.Output + before.Error);
            await PostgresCluster.WaitInDatabaseAsync(connectionString, "before", s => s.IsFinished, TimeSpan.FromMinutes(2));
            Assert.Equal(0, (await Cli("status", "before")).ExitCode); // the silo's pools now hold open connections

            await server.StopAsync();
            await server.StartAsync();

            // The first calls after the restart: a new job's coordinator (grain state, epoch, first
            // checkpoint) and a status.
            var after = await Submit("after");
            AssertNoCrash(after);
            Assert.True(after.ExitCode == 0, after.Output + after.Error);
            var status = await Cli("status", "before");
            AssertNoCrash(status);
            Assert.True(status.ExitCode == 0, status.Output + status.Error);
            Assert.Contains("completed", status.Output);
            var final = await PostgresCluster.WaitInDatabaseAsync(connectionString, "after", s => s.IsFinished, TimeSpan.FromMinutes(2));
            Assert.Equal(20, final.Succeeded);
            Assert.DoesNotContain(silos[0].Output, l => l.Contains("CodecNotFoundException", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(specFile);
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    private static void AssertNoCrash(ClientProcess.Outcome outcome)
    {
        string all = outcome.Output + outcome.Error;
        Assert.DoesNotContain("Exception", all);
        Assert.DoesNotContain("   at ", all);
        Assert.True(outcome.ExitCode is 0 or 3, $"exit {outcome.ExitCode}: {all}");
    }
}
