namespace Ensemble.Tests.Support.Postgres;

/// <summary>One way of providing a PostgreSQL server (external, container, local binaries); <see cref="PostgresServer"/> wraps it.</summary>
internal interface IPostgresBackend : IAsyncDisposable
{
    /// <summary>Connection string for the <c>postgres</c> database as a user allowed to CREATE DATABASE.</summary>
    string ConnectionString { get; }

    /// <summary>Human-readable origin, printed once per test run.</summary>
    string Source { get; }

    bool CanStopAndStart { get; }

    /// <summary>Folder owned by this backend that disposal deletes, if any.</summary>
    string? WorkDirectory { get; }

    /// <summary>Whether databases created by tests must be dropped at the end (only on servers that outlive the run).</summary>
    bool DropDatabasesOnDispose { get; }

    Task StopAsync();

    Task StartAsync();
}
