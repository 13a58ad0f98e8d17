using System.Reflection;
using Npgsql;

namespace Ensemble.Storage.Migrations;

/// <summary>
/// Creates and upgrades the database schema at start-up: the tables and queries Orleans' ADO.NET
/// providers read, and the service's own <c>ensemble</c> schema. Each numbered script runs once and
/// is recorded in <c>ensemble_schema_version</c>; the scripts are idempotent as well, so a version
/// row lost by hand does no harm. One transaction holds a transaction-scoped advisory lock, so two
/// silos starting together migrate one after the other and the second finds nothing to do.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Arbitrary, fixed: the advisory-lock key every Ensemble process uses for migrations.</summary>
    private const long MigrationLockKey = 0x456E_7365_6D62_6C65; // "Ensemble"

    public static IReadOnlyList<MigrationScript> Scripts { get; } = LoadScripts();

    /// <summary>Applies the scripts not yet applied; returns the versions applied by this call.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource database, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellation, ("key", MigrationLockKey));
        await Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS ensemble_schema_version (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, cancellation);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM ensemble_schema_version", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) applied.Add(reader.GetInt32(0));

        var now = new List<int>();
        foreach (var script in Scripts.Where(s => !applied.Contains(s.Version)))
        {
            await Execute(connection, transaction, script.Sql, cancellation);
            await Execute(connection, transaction, "INSERT INTO ensemble_schema_version (version, name) VALUES (@version, @name)", cancellation,
                ("version", script.Version), ("name", script.Name));
            now.Add(script.Version);
        }
        await transaction.CommitAsync(cancellation);
        return now;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellation,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Embedded scripts named <c>NNN_name.sql</c>, in version order.</summary>
    private static IReadOnlyList<MigrationScript> LoadScripts()
    {
        const string prefix = "Ensemble.Storage.Migrations.";
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => MigrationScript.From(n[prefix.Length..^".sql".Length], Read(assembly, n)))
            .OrderBy(s => s.Version)
            .ToArray();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One numbered migration script.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    public static MigrationScript From(string fileName, string sql)
    {
        int separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], out int version))
            throw new InvalidOperationException($"migration script '{fileName}.sql' must be named NNN_name.sql");
        return new MigrationScript(version, fileName[(separator + 1)..], sql);
    }
}
