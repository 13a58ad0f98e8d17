using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>
/// A real PostgreSQL server for tests, never a mock. <see cref="StartAsync(bool)"/> picks, in order:
/// the server in ENSEMBLE_TEST_POSTGRES, a Testcontainers container when Docker answers, a throwaway server from
/// locally installed binaries; otherwise it throws <see cref="PostgresUnavailableException"/> saying what to install.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Connection string of an existing server to use instead of starting one (CI services, dev boxes).</summary>
    public const string EnvironmentVariable = "ENSEMBLE_TEST_POSTGRES";

    private readonly IPostgresBackend _backend;
    private readonly ConcurrentQueue<string> _createdDatabases = new();
    private int _disposed;

    private PostgresServer(IPostgresBackend backend, string startupReport)
    {
        _backend = backend;
        StartupReport = startupReport;
    }

    /// <summary>Connection string for the server's <c>postgres</c> database, as a user allowed to CREATE DATABASE.</summary>
    public string ConnectionString => _backend.ConnectionString;

    /// <summary>Where the server comes from, e.g. "local binaries /usr/lib/postgresql/15/bin on port 41234".</summary>
    public string Source => _backend.Source;

    /// <summary>How the source was chosen, with timings; useful when a run is unexpectedly slow or uses the wrong source.</summary>
    public string StartupReport { get; }

    /// <summary>Whether <see cref="StopAsync"/>/<see cref="StartAsync()"/> work (false for the external server).</summary>
    public bool CanStopAndStart => _backend.CanStopAndStart;

    /// <summary>Temp folder holding the local server's data, deleted at dispose; null for other sources.</summary>
    public string? WorkDirectory => _backend.WorkDirectory;

    /// <summary>
    /// Provides a server. Pass <paramref name="requireStopAndStart"/> for outage tests: the external server is then
    /// skipped because tests must not stop it (and a shared server should not be stopped under parallel tests either).
    /// </summary>
    public static async Task<PostgresServer> StartAsync(bool requireStopAndStart = false)
    {
        var notes = new List<string>();

        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(external))
        {
            notes.Add($"{EnvironmentVariable} not set");
        }
        else if (requireStopAndStart)
        {
            notes.Add($"{EnvironmentVariable} ignored: this server must be stoppable");
        }
        else
        {
            // The user asked for this server explicitly: a bad string is an error, not a reason to fall back.
            await VerifyExternalAsync(external);
            notes.Add($"using {EnvironmentVariable}");
            return new PostgresServer(new ExternalPostgresBackend(external), string.Join("; ", notes));
        }

        var watch = Stopwatch.StartNew();
        var noDocker = await DockerProbe.WhyUnavailableAsync();
        notes.Add($"Docker probe: {noDocker ?? "engine answered"} ({watch.ElapsedMilliseconds} ms)");
        if (noDocker is null)
        {
            watch.Restart();
            try
            {
                var container = await ContainerPostgresBackend.LaunchAsync();
                notes.Add($"container started in {watch.Elapsed.TotalSeconds:0.0} s");
                return new PostgresServer(container, string.Join("; ", notes));
            }
            catch (Exception ex)
            {
                // E.g. image pull blocked: local binaries may still work.
                notes.Add($"container failed to start: {ex.GetBaseException().Message}");
            }
        }

        var binFolder = await LocalPostgresBinaries.FindAsync();
        var cannotRun = binFolder is null ? null : await ServerUser.WhyCannotRunServerAsync();
        if (binFolder is null)
        {
            notes.Add("no local initdb/pg_ctl found (looked in /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, pg_config --bindir, PATH)");
        }
        else if (cannotRun is not null)
        {
            notes.Add($"local binaries in {binFolder} unusable: {cannotRun}");
        }
        else
        {
            watch.Restart();
            try
            {
                var local = await LocalPostgresBackend.LaunchAsync(binFolder);
                notes.Add($"local server started in {watch.Elapsed.TotalSeconds:0.0} s");
                return new PostgresServer(local, string.Join("; ", notes));
            }
            catch (ProcessFailedException ex)
            {
                notes.Add($"local server in {binFolder} failed to start: {ex.Message}");
            }
        }

        throw new PostgresUnavailableException(
            "No PostgreSQL server is available for the tests (they need a real one and fail rather than skip).\n" +
            "Tried:\n - " + string.Join("\n - ", notes) + "\n" +
            "Fix one of:\n" +
            " 1. Install the PostgreSQL server binaries (initdb, pg_ctl): Debian/Ubuntu 'sudo apt-get install postgresql', " +
            "Fedora/RHEL 'sudo dnf install postgresql-server', macOS 'brew install postgresql@16'.\n" +
            " 2. Install and start Docker, so Testcontainers can run postgres:16-alpine.\n" +
            $" 3. Set {EnvironmentVariable} to the connection string of a server whose user may CREATE DATABASE, " +
            "e.g. 'Host=localhost;Port=5432;Username=postgres;Password=postgres'.");
    }

    /// <summary>
    /// Creates an empty database with a unique name built from <paramref name="prefix"/> and returns its connection
    /// string. One database per test keeps parallel tests from seeing each other's data.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = DatabaseName.Create(prefix);
        // The name is [a-z0-9_] by construction; quoting is belt and braces.
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        _createdDatabases.Enqueue(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server with a fast shutdown, so open connections break as in a real outage.</summary>
    public Task StopAsync()
    {
        EnsureStoppable();
        return _backend.StopAsync();
    }

    /// <summary>Starts the stopped server again at the same address with the same data.</summary>
    public Task StartAsync()
    {
        EnsureStoppable();
        return _backend.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_backend.DropDatabasesOnDispose)
        {
            await DropCreatedDatabasesAsync();
        }
        await _backend.DisposeAsync();
    }

    private void EnsureStoppable()
    {
        if (!CanStopAndStart)
        {
            throw new NotSupportedException($"The PostgreSQL server ({Source}) cannot be stopped and started by tests; " +
                "get one with PostgresServer.StartAsync(requireStopAndStart: true).");
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        // Unpooled: an outage test may have broken every pooled connection, and admin work must not trip over them.
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task DropCreatedDatabasesAsync()
    {
        // Releases this process's idle pooled connections to those databases before dropping them.
        NpgsqlConnection.ClearAllPools();
        while (_createdDatabases.TryDequeue(out var name))
        {
            try
            {
                // WITH (FORCE) (PostgreSQL 13+) ends sessions a test forgot to close.
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // Best effort: a leftover database on a shared server is untidy, not a test failure.
            }
        }
    }

    private static async Task VerifyExternalAsync(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or TimeoutException)
        {
            throw new PostgresUnavailableException(
                $"{EnvironmentVariable} is set, but connecting to that server failed: {ex.Message}. " +
                $"Fix the connection string, start that server, or unset {EnvironmentVariable} to let tests start their own.");
        }
    }
}
