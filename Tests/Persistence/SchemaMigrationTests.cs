using Ensemble.Storage.Migrations;
using Ensemble.Tests.Support.Postgres;
using Npgsql;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>The migration on a real PostgreSQL server: idempotent, serialised, and complete for Orleans' providers.</summary>
public sealed class SchemaMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task MigratingTwiceAppliesEveryScriptOnceAndTheSecondTimeNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "migrate_twice", migrate: false);
        var database = db.Source;
        var first = await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        var second = await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        Assert.Equal(SchemaMigrator.Scripts.Select(s => s.Version), first);
        Assert.Empty(second);
        Assert.Equal(SchemaMigrator.Scripts.Count, await db.ScalarAsync<long>("SELECT count(*) FROM ensemble_schema_version"));
    }

    [Fact]
    public async Task FourProcessesStartingTogetherMigrateOneAfterAnother()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "migrate_race", migrate: false);
        var database = db.Source;
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaMigrator.MigrateAsync(database))));
        // Exactly one of them applied the scripts; the others waited on the lock and found nothing to do.
        Assert.Single(results, r => r.Count == SchemaMigrator.Scripts.Count);
        Assert.Equal(3, results.Count(r => r.Count == 0));
    }

    [Fact]
    public async Task TheScriptsAreIdempotentEvenWithoutTheVersionTable()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "migrate_rerun", migrate: false);
        var database = db.Source;
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        await using (var forget = database.CreateCommand("DELETE FROM ensemble_schema_version"))
            await forget.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        // Every script again over the existing schema: CREATE IF NOT EXISTS / OR REPLACE / ON CONFLICT.
        Assert.Equal(SchemaMigrator.Scripts.Count, (await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task EveryQueryTheOrleansProvidersReadIsDefined()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "migrate_queries", migrate: false);
        var database = db.Source;
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        var keys = new HashSet<string>();
        await using (var command = database.CreateCommand("SELECT querykey FROM orleansquery"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) keys.Add(reader.GetString(0));
        string[] expected =
        [
            // Clustering (10.4.2 also reads CleanupDefunctSiloEntriesKey).
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "MembershipReadRowKey",
            "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            // Grain state.
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            // Reminders.
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.All(expected, key => Assert.Contains(key, keys));
    }
}
