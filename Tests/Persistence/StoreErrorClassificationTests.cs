using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Storage;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// Errors as a real PostgreSQL raises them, classified: what may pass is retried with back-off,
/// what never will fails the job with the database's reason after a bounded number of tries.
/// </summary>
public sealed class StoreErrorClassificationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("SELEC 1", "42601")]                                             // syntax error
    [InlineData("SELECT * FROM ensemble.no_such_table", "42P01")]                 // undefined table
    [InlineData("SELECT 1 / 0", "22012")]                                        // division by zero: data exception
    [InlineData("INSERT INTO ensemble.aggregates VALUES ('nobody', 0, '{}')", "23503")] // foreign key
    [InlineData("SELECT 'x'::integer", "22P02")]                                  // invalid text representation
    public async Task ConstraintDataAndStatementErrorsArePermanent(string sql, string state)
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "permanent");
        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(db.Source, sql));
        Assert.Equal(state, error.SqlState);
        Assert.Equal(StoreFailure.Permanent, PostgresErrors.Classify(error));
        Assert.False(PostgresErrors.IsBrokenConnection(error));
    }

    [Theory]
    [InlineData("40001")] // serialization failure
    [InlineData("40P01")] // deadlock
    [InlineData("53300")] // too many connections
    [InlineData("57P03")] // cannot connect now
    public async Task ConflictsAndResourceShortagesAreTransient(string state)
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "transient");
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            Execute(db.Source, $"DO $$ BEGIN RAISE EXCEPTION 'as the server would' USING ERRCODE = '{state}'; END $$"));
        Assert.Equal(StoreFailure.Transient, PostgresErrors.Classify(error));
    }

    [Fact]
    public async Task AConnectionTheServerTerminatedIsTransientAndBroken()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "terminated");
        await using var connection = await db.Source.OpenConnectionAsync(Ct);
        int pid = connection.ProcessID;
        await using (var admin = NpgsqlDataSource.Create(db.ConnectionString))
            await Execute(admin, $"SELECT pg_terminate_backend({pid})");
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync(Ct));
        Assert.Equal(StoreFailure.Transient, PostgresErrors.Classify(error));
        Assert.True(PostgresErrors.IsBrokenConnection(error), error.ToString());
    }

    [Fact]
    public async Task NoServerAtAllIsTransientAndItsMessageHoldsNoPassword()
    {
        await using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=x;Username=u;Password=S3cr3t-pw;Timeout=2");
        var error = await Assert.ThrowsAsync<StoreException>(() => PostgresRetry.RunAsync(source, "reading", () => Execute(source, "SELECT 1")));
        Assert.Equal(StoreFailure.Transient, error.Failure);
        Assert.Equal(ErrorKind.Unreachable, error.Kind);
        Assert.DoesNotContain("S3cr3t", error.Message);
    }

    [Fact]
    public async Task ThePoolsStaleConnectionsAfterTheServerRestartedCostNoFailedCall()
    {
        await using var server = await PostgresServer.StartAsync(requireStopAndStart: true);
        string connectionString = await server.CreateDatabaseAsync("stale");
        await using var db = await PostgresDatabase.OpenAsync(connectionString);
        await using var bare = NpgsqlDataSource.Create(connectionString);
        await FillPool(db.Source);
        await FillPool(bare);

        await server.StopAsync();
        await server.StartAsync();

        // Without the retry the first command meets a connection the server closed.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(bare, "SELECT 1"));
        // Through the store, the very first call after the restart succeeds.
        var store = new PostgresBookStore(db.Tables);
        Assert.Equal(1L, await store.ClaimEpochAsync("after-restart", Ct));
    }

    [Fact]
    public async Task APermanentRefusalFailsTheJobWithTheReasonAfterTheConfiguredTries() => await SingleThreadedContext.RunAsync(async () =>
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "refused");
        // The database refuses realisation 3 for good, as a constraint added by hand would.
        await Execute(db.Source, "ALTER TABLE ensemble.realisations ADD CONSTRAINT no_seed_three CHECK (seed_index <> 3)");
        var store = new CountingStore(new PostgresBookStore(db.Tables));
        var options = new CheckpointOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };
        var rig = new CoordinatorRig("refused", 40, store, await store.ClaimEpochAsync("refused", Ct), options, window: 2);

        var run = rig.RunAsync();
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1), Ct))); // it ends, instead of retrying for ever
        Assert.True(await run);

        Assert.Equal(JobStatus.Failed, rig.State.Status);
        Assert.Contains("refused the job's checkpoint 3 times", rig.State.Message);
        Assert.Contains("no_seed_three", rig.State.Message);
        // Three refusals fail the job; what was in flight drains (a save or two more), then the final
        // save is tried once: bounded, not one try per back-off for ever.
        Assert.InRange(store.Refusals, options.PermanentErrorAttempts + 1, options.PermanentErrorAttempts + 3);
        Assert.True(rig.Ledger.Succeeded < 40, "it went on computing after the job failed");
        Assert.True(rig.Checkpoints.StorageKnows(rig.State.Summarise())); // grain state records the failure and its reason
        // ... and so does the job's row, for a reader of the database alone (status with no silo alive).
        Assert.Equal("failed", await db.ScalarAsync<string>("SELECT status FROM ensemble.jobs WHERE job_id = 'refused'"));
        Assert.Contains("no_seed_three", await db.ScalarAsync<string>("SELECT message FROM ensemble.jobs WHERE job_id = 'refused'"));
        return true;
    });

    [Fact]
    public async Task TerminatedBackendsMidJobAreRiddenThroughWithEverySeedOnce() => await SingleThreadedContext.RunAsync(async () =>
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "ridden");
        var store = new CountingStore(new PostgresBookStore(db.Tables));
        var options = new CheckpointOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        var rig = new CoordinatorRig("ridden", 60, store, await store.ClaimEpochAsync("ridden", Ct), options, window: 2);
        string database = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database!;
        int terminated = 0;
        Assert.True(await rig.RunAsync(async index =>
        {
            if (index % 10 != 5) return;
            // Every session of the job's database is killed, as an administrator or a failover would.
            await using var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ConnectionString);
            await using var command = admin.CreateCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()");
            command.Parameters.AddWithValue("db", database);
            terminated += (int)(long)(await command.ExecuteScalarAsync(Ct))!;
        }));
        Assert.Equal(JobStatus.Completed, rig.State.Status);
        Assert.True(terminated > 0, "no session was terminated: the test tested nothing");
        Assert.Equal(0, store.Refusals);
        Assert.Equal(60L, await db.ScalarAsync<long>("SELECT count(DISTINCT seed_index) FROM ensemble.realisations WHERE status = 'succeeded'"));
        Assert.Equal(60L, await db.ScalarAsync<long>("SELECT realisations FROM ensemble.aggregates"));
        Assert.Equal("completed", await db.ScalarAsync<string>("SELECT status FROM ensemble.jobs"));
        return true;
    });

    [Fact]
    public async Task WhatCrossesTheWireIsTheServicesExceptionWithItsClassAndMessageNotTheDrivers()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "wire");
        var error = await Assert.ThrowsAsync<StoreException>(() =>
            PostgresRetry.RunAsync(db.Source, "the checkpoint of job 'j'", () => Execute(db.Source, "SELECT 1 / 0")));
        Assert.IsType<PostgresException>(error.Cause);
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var back = Assert.IsType<StoreException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(error)));
        Assert.Equal((StoreFailure.Permanent, ErrorKind.StoreRefused), (back.Failure, back.Kind));
        Assert.Equal("the checkpoint of job 'j' was refused (22012): division by zero", back.Reason);
        Assert.Null(back.Cause);
        Assert.Null(back.InnerException);
    }

    private static async Task FillPool(NpgsqlDataSource source)
    {
        var open = new List<NpgsqlConnection>();
        for (int i = 0; i < 3; i++) open.Add(await source.OpenConnectionAsync(Ct));
        foreach (var connection in open) await connection.DisposeAsync(); // back to the pool, open
    }

    private static async Task Execute(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>The real store, counting the refusals it passed on.</summary>
    private sealed class CountingStore(IJobBookStore inner) : IJobBookStore
    {
        public int Refusals { get; private set; }

        public BookStoreRules Rules => inner.Rules;

        public Task<long> ClaimEpochAsync(string jobId, CancellationToken cancellation) => inner.ClaimEpochAsync(jobId, cancellation);

        public Task<Ensemble.Jobs.Ledger.JobBooks?> LoadAsync(Ensemble.Jobs.Coordination.JobState state, CancellationToken cancellation) =>
            inner.LoadAsync(state, cancellation);

        public Task RecordRefusedJobAsync(string jobId, long epoch, JobSummary summary, CancellationToken cancellation) =>
            inner.RecordRefusedJobAsync(jobId, epoch, summary, cancellation);

        public async Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation)
        {
            try
            {
                await inner.SaveAsync(checkpoint, cancellation);
            }
            catch (StoreException e) when (e.Failure == StoreFailure.Permanent)
            {
                Refusals++;
                throw;
            }
        }
    }
}
