using Ensemble.Tests.Support;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>A disposable postgres:16-alpine container managed by Testcontainers.</summary>
internal sealed class ContainerPostgresBackend : IPostgresBackend
{
    private const string Image = "postgres:16-alpine";

    private readonly PostgreSqlContainer _container;
    private readonly int _hostPort;

    private ContainerPostgresBackend(PostgreSqlContainer container, int hostPort)
    {
        _container = container;
        _hostPort = hostPort;
        // Host and port are fixed for the container's lifetime, so the string survives stop/start.
        ConnectionString = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
    }

    public string ConnectionString { get; }

    public string Source => $"Testcontainers {Image} on host port {_hostPort}";

    // A fixed host port (instead of Docker's random one) keeps the address stable across a restart.
    public bool CanStopAndStart => true;

    public string? WorkDirectory => null;

    public bool DropDatabasesOnDispose => false;

    public static async Task<ContainerPostgresBackend> LaunchAsync()
    {
        var hostPort = FreePort.Find();
        var container = new PostgreSqlBuilder(Image)
            .WithPortBinding(hostPort, PostgreSqlBuilder.PostgreSqlPort)
            // Parallel tests each hold their own connections; the default of 100 is too tight.
            .WithCommand("-c", "max_connections=200")
            .Build();
        try
        {
            await container.StartAsync();
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
        return new ContainerPostgresBackend(container, hostPort);
    }

    // The postgres image's stop signal is SIGINT = fast shutdown, so open connections break like in a real outage.
    public Task StopAsync() => _container.StopAsync();

    public Task StartAsync() => _container.StartAsync();

    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
