using Ensemble.Storage.Jobs;
using Ensemble.Storage.Migrations;
using Ensemble.Tests.Support.Postgres;
using Npgsql;

namespace Ensemble.Tests.Persistence;

/// <summary>A fresh database of the shared test server (migrated unless asked not to), for one test.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string connectionString, NpgsqlDataSource source)
    {
        ConnectionString = connectionString;
        Source = source;
        Tables = new JobTables(source);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource Source { get; }
    public JobTables Tables { get; }

    public static async Task<PostgresDatabase> CreateAsync(PostgresFixture postgres, string prefix, bool migrate = true)
    {
        string connectionString = await postgres.CreateDatabaseAsync(prefix);
        return migrate ? await OpenAsync(connectionString) : new PostgresDatabase(connectionString, NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>An existing database, migrated if it was not.</summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.MigrateAsync(source);
        return new PostgresDatabase(connectionString, source);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Source.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
