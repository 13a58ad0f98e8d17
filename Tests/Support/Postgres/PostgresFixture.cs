using Xunit;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>
/// The one PostgreSQL server shared by every test in the assembly, registered with
/// <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c> and injected into test class constructors.
/// xunit creates it once before the first test that needs it and disposes it after the last one.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server =>
        _server ?? throw new InvalidOperationException("PostgresFixture has not been initialized by xunit.");

    /// <summary>Shortcut for <see cref="PostgresServer.CreateDatabaseAsync"/>: a fresh database per test.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => Server.CreateDatabaseAsync(prefix);

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        // One line per run, so a log shows which server the results came from.
        var line = $"[postgres] tests use {_server.Source} ({_server.StartupReport})";
        Console.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
