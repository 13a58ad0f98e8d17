using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// Hosts embedded in a command-line tool (the embedded silo, a cluster client): configuration from
/// environment variables only (so <c>Ensemble__Checkpoints__Interval=00:00:05</c> sets an option
/// for an embedded run as for a silo), no configuration files from the current folder, no console
/// logging, and no Ctrl+C / SIGTERM handlers — the tool handles those itself (System.CommandLine
/// cancels the command's token).
/// </summary>
public static class EmbeddedHost
{
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        return builder;
    }

    /// <summary>A started host and its cluster client; disposing stops the host within a timeout.</summary>
    public abstract class Session(IHost host, TimeSpan stopTimeout) : IAsyncDisposable
    {
        public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync(stopTimeout);
            }
            finally
            {
                host.Dispose();
            }
        }
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
