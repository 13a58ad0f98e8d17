using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ensemble.Grains.Hosting;
using Orleans.Configuration;

namespace Ensemble.Client.Cluster;

/// <summary>A client connected to a running cluster: by gateway port on this host, or through the PostgreSQL membership table.</summary>
public sealed class ClusterConnection : EmbeddedHost.Session
{
    private ClusterConnection(IHost host) : base(host, TimeSpan.FromSeconds(5))
    {
    }

    public static async Task<ClusterConnection> ConnectAsync(ClusterTarget target, CancellationToken cancellation = default)
    {
        var builder = EmbeddedHost.CreateBuilder();
        builder.UseOrleansClient(client =>
        {
            if (target.Postgres is { } postgres) client.UseEnsemblePostgresClustering(postgres);
            else client.UseLocalhostClustering(target.GatewayPort);
            // Every client call is short; a silo that went away should not leave a command hanging.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            // Fail fast with a clear message instead of retrying forever.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(15), cancellation);
        }
        catch (Exception e)
        {
            host.Dispose();
            if (e is OperationCanceledException) throw;
            throw new ClusterUnreachableException(target, e);
        }
        return new ClusterConnection(host);
    }
}
