using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Jobs;
using Ensemble.Storage.Studies;
using Ensemble.Tests.Studies;
using Ensemble.Tests.Support.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.TestingHost;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// A study on a real TestCluster whose job books and study rows are in PostgreSQL: its points run as ordinary jobs,
/// its fits are computed and saved, a point whose job had already finished is read and not recomputed, and the
/// database alone answers its status and results after the cluster is gone.
/// </summary>
public sealed class StudyPersistenceTests(PostgresFixture postgres)
{
    private const string ConnectionKey = "EnsembleTest:Postgres";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStudyRunsItsPointsSavesItsFitsAndNeverRecomputesAFinishedPoint()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "study");
        string specText = StudySpecs.Tiny("tiny").ToJsonString();
        var points = StudyGrid.Expand("tiny", StudySpecJson.Parse(specText));
        var cluster = await Start(db.ConnectionString);
        StudyStatusReport final;
        DateTimeOffset p0Finished;
        try
        {
            // Point 0's job exists and has finished before the study starts (as after an interrupted study).
            var p0 = cluster.Client.GetGrain<IJobGrain>(points[0].JobId);
            await p0.Submit(points[0].Submission);
            p0Finished = (await Service.Jobs.WaitUntilFinished(p0)).FinishedAt!.Value;
            // The coordinator says finished before its final checkpoint is in the database.
            await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "tiny.p0", s => s.IsFinished && s.Done == 8, TimeSpan.FromMinutes(1));
            var recordedBefore = await db.ScalarAsync<DateTime>("SELECT max(recorded_at) FROM ensemble.realisations WHERE job_id = 'tiny.p0'");

            var study = cluster.Client.GetGrain<IStudyGrain>("tiny");
            var first = await study.Submit(specText);
            Assert.True(first.Points[0]!.IsFinished, "point 0 was finished before the study");
            final = await WaitFinished(study);
            Assert.Equal(StudyStatus.Completed, final.Status);
            Assert.Equal(["tiny.p0", "tiny.p1", "tiny.p2"], final.Points.Select(p => p!.JobId));
            Assert.All(final.Points, p => Assert.Equal(8, p!.Succeeded));
            // Point 0 was read, not rerun: its finish time and its realisations' rows are the ones from before.
            Assert.Equal(p0Finished, final.Points[0]!.FinishedAt);
            Assert.Equal(recordedBefore,
                await db.ScalarAsync<DateTime>("SELECT max(recorded_at) FROM ensemble.realisations WHERE job_id = 'tiny.p0'"));
            Assert.Equal(8L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.realisations WHERE job_id = 'tiny.p0'"));

            // Submitting again changes nothing; another spec under the same id is a conflict.
            var again = await study.Submit(specText);
            Assert.Equal(StudyStatus.Completed, again.Status);
            var other = StudySpecs.Tiny("tiny", realisations: 9).ToJsonString();
            var conflict = await Assert.ThrowsAnyAsync<EnsembleException>(() => study.Submit(other));
            Assert.Equal(ErrorKind.Conflict, conflict.Kind);
        }
        finally
        {
            await cluster.StopAllSilosAsync(Ct);
            await cluster.DisposeAsync();
        }

        // The rows: one study, three points linked to their jobs, and the fits as JSON.
        Assert.Equal("completed", await db.ScalarAsync<string>("SELECT status FROM ensemble.studies WHERE study_id = 'tiny'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble.study_points WHERE study_id = 'tiny'"));
        Assert.Equal(40L, await db.ScalarAsync<long>(
            "SELECT (parameters->>'particles')::bigint FROM ensemble.study_points WHERE study_id = 'tiny' AND job_id = 'tiny.p2'"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT jsonb_array_length(fits)::bigint FROM ensemble.studies WHERE study_id = 'tiny'"));
        Assert.Equal(3L, await db.ScalarAsync<long>(
            "SELECT jsonb_array_length(f->'estimates')::bigint FROM ensemble.studies, jsonb_array_elements(fits) f "
            + "WHERE study_id = 'tiny' AND f->>'observable' = 'covariance'"));

        // The database alone, with no cluster: the same status and the fits from the saved accumulators.
        await using var reader = StudyTables.OpenReader(db.ConnectionString);
        var status = await reader.StatusAsync("tiny", Ct);
        Assert.Equal(StudyStatus.Completed, status.Status);
        Assert.Equal(24, status.Done);
        var results = await reader.ResultsAsync("tiny", Ct);
        Assert.Equal(2, results.Fits.Count);
        var covariance = results.Fits[0];
        Assert.Equal(3, covariance.Estimates.Count);
        var rate = Assert.Single(covariance.Rates);
        Assert.Equal(StudyParameter.Particles, rate.Against);
        Assert.Equal(3, rate.Fit.Points);
        Assert.Equal(2, rate.Fit.PairwiseOrders.Count);
        double savedSlope = await db.ScalarAsync<double>(
            "SELECT coalesce((f->>'slope')::float8, 'NaN') FROM ensemble.studies, jsonb_array_elements(fits) f "
            + "WHERE study_id = 'tiny' AND f->>'observable' = 'covariance'");
        Assert.Equal(rate.Fit.Slope, savedSlope);
        await Assert.ThrowsAnyAsync<EnsembleException>(() => reader.StatusAsync("nothing", Ct));
    }

    /// <summary>Its client gone after the submit, the study still finishes and records its fits: nobody asks it.</summary>
    [Fact]
    public async Task AStudyFinishesAndRecordsItselfWithNoClientFollowingIt()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "study_alone");
        var cluster = await Start(db.ConnectionString);
        try
        {
            var first = await cluster.Client.GetGrain<IStudyGrain>("alone").Submit(StudySpecs.Tiny("alone").ToJsonString());
            Assert.Equal(StudyStatus.Running, first.Status);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (await db.ScalarAsync<string>("SELECT status FROM ensemble.studies WHERE study_id = 'alone'") == "running")
            {
                Assert.True(DateTime.UtcNow < deadline, "the study never recorded its end");
                await Task.Delay(200, Ct);
            }
            Assert.Equal("completed", await db.ScalarAsync<string>("SELECT status FROM ensemble.studies WHERE study_id = 'alone'"));
            Assert.Equal(2L, await db.ScalarAsync<long>("SELECT jsonb_array_length(fits)::bigint FROM ensemble.studies WHERE study_id = 'alone'"));
            foreach (string job in new[] { "alone.p0", "alone.p1", "alone.p2" })
                await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, job, s => s.Status == JobStatus.Completed, TimeSpan.FromMinutes(1));
        }
        finally
        {
            await cluster.StopAllSilosAsync(Ct);
            await cluster.DisposeAsync();
        }
    }

    private static async Task<StudyStatusReport> WaitFinished(IStudyGrain study)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var status = await study.GetStatus();
            if (status.IsFinished) return status;
            Assert.True(DateTime.UtcNow < deadline, $"study did not finish: {status.Done}/{status.Total}");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<TestCluster> Start(string connectionString)
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[ConnectionKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresTablesSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync(Ct);
        return cluster;
    }

    /// <summary>Memory grain state and reminders; the job books and the study rows in the test's PostgreSQL database.</summary>
    private sealed class PostgresTablesSilo : IHostConfigurator, ISiloConfigurator
    {
        public void Configure(IHostBuilder host)
        {
            string connectionString = host.GetConfiguration()[ConnectionKey]!;
            host.ConfigureServices(services =>
            {
                var source = NpgsqlDataSource.Create(connectionString);
                services.AddSingleton<IJobBookStore>(_ => new PostgresBookStore(new JobTables(source)));
                services.AddSingleton<IStudyStore>(_ => new StudyTables(source));
            });
        }

        public void Configure(ISiloBuilder silo)
        {
            silo.AddEnsemble(workers: 2);
            silo.AddEnsembleMemoryStorage();
        }
    }
}
