using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.TestingHost;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// A real coordinator grain whose job another activation takes over (a newer epoch in the
/// database): its next checkpoint is fenced, it stops dispatching and goes, and the activation
/// that comes next finishes the job with every seed once.
/// </summary>
public sealed class GrainFencingTests(PostgresFixture postgres)
{
    private const string ConnectionKey = "EnsembleTest:Postgres";

    [Fact]
    public async Task AFencedCoordinatorStopsWritingAndTheNextActivationFinishesTheJob()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "grain_fence");
        var builder = new TestClusterBuilder(1);
        builder.Properties[ConnectionKey] = db.ConnectionString;
        builder.AddSiloBuilderConfigurator<PostgresBooksSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        try
        {
            var job = cluster.Client.GetGrain<IJobGrain>("fenced");
            var spec = TestSpecs.Pairwise(1, 40, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 100);
            await job.Submit(Service.Jobs.Submission(spec, 400, seed: 5, maxInFlight: 2));
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "fenced", s => s.Done >= 10, TimeSpan.FromMinutes(2));

            // Another activation (as after a split brain) takes the job's next epoch.
            await db.Tables.ClaimEpochAsync("fenced", TestContext.Current.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // saves follow each other: fenced by now
            long atFence = await Saved(db);
            await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);
            Assert.Equal(atFence, await Saved(db)); // the stale activation writes nothing more
            Assert.True(atFence < 400, "the job finished before the fence: the test tested nothing");

            // The next call activates a new coordinator, which takes a newer epoch and resumes.
            var final = await Service.Jobs.WaitUntilFinished(job);
            Assert.Equal(JobStatus.Completed, final.Status);
            Assert.Equal(400, final.Succeeded);
            Assert.Equal(400L, await db.ScalarAsync<long>("SELECT count(DISTINCT seed_index) FROM ensemble.realisations WHERE job_id = 'fenced'"));
            Assert.Equal(400L, await db.ScalarAsync<long>("SELECT realisations FROM ensemble.aggregates WHERE job_id = 'fenced'"));
            Assert.True(await db.ScalarAsync<long>("SELECT epoch FROM ensemble.job_epochs WHERE job_id = 'fenced'") >= 3);
        }
        finally
        {
            await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
            await cluster.DisposeAsync();
        }
    }

    private static Task<long> Saved(PostgresDatabase db) =>
        db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE job_id = 'fenced'");

    /// <summary>Memory grain state and reminders, the books in the test's PostgreSQL database.</summary>
    private sealed class PostgresBooksSilo : IHostConfigurator, ISiloConfigurator
    {
        public void Configure(IHostBuilder host)
        {
            string connectionString = host.GetConfiguration()[ConnectionKey]!;
            host.ConfigureServices(services => services.AddSingleton<IJobBookStore>(
                _ => new PostgresBookStore(new JobTables(NpgsqlDataSource.Create(connectionString)))));
        }

        public void Configure(ISiloBuilder silo)
        {
            silo.AddEnsemble(workers: 2);
            silo.AddEnsembleMemoryStorage();
        }
    }
}
