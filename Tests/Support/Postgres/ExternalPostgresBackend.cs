namespace Ensemble.Tests.Support.Postgres;

/// <summary>A server someone else runs (ENSEMBLE_TEST_POSTGRES); tests may use it but never stop it.</summary>
internal sealed class ExternalPostgresBackend(string connectionString) : IPostgresBackend
{
    public string ConnectionString { get; } = connectionString;

    public string Source => $"external server from {PostgresServer.EnvironmentVariable} ({Describe(ConnectionString)})";

    public bool CanStopAndStart => false;

    public string? WorkDirectory => null;

    // The server outlives the test run, so per-test databases would pile up.
    public bool DropDatabasesOnDispose => true;

    public Task StopAsync() =>
        throw new NotSupportedException("The external server from " + PostgresServer.EnvironmentVariable + " cannot be stopped by tests.");

    public Task StartAsync() =>
        throw new NotSupportedException("The external server from " + PostgresServer.EnvironmentVariable + " cannot be started by tests.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Only host/port/user go into logs: the connection string may hold a password.
    private static string Describe(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Username}@{builder.Host}:{builder.Port}";
    }
}
