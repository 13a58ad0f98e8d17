using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ensemble.Grains.Hosting;
using Orleans.Configuration;

namespace Ensemble.Client.Cluster;

/// <summary>A client connected to a running cluster: by gateway port on this host, or through the PostgreSQL membership table.</summary>
public sealed class ClusterConnection : EmbeddedHost.Session
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private ClusterConnection(IHost host) : base(host, TimeSpan.FromSeconds(5))
    {
    }

    public static Task<ClusterConnection> ConnectAsync(ClusterTarget target, CancellationToken cancellation = default) =>
        ConnectAsync(target, gateway: null, StartTimeout, cancellation);

    /// <summary>
    /// Connects to <paramref name="target"/>, or (without PostgreSQL) to <paramref name="gateway"/> when given: a gateway of
    /// the same cluster found earlier through <see cref="GatewaysAsync"/>. Both kinds of client use the service's cluster
    /// identity (<see cref="EnsembleCluster"/>), so a gateway port reaches a silo on PostgreSQL as well.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(ClusterTarget target, IPEndPoint? gateway, TimeSpan timeout,
        CancellationToken cancellation = default)
    {
        var builder = EmbeddedHost.CreateBuilder();
        builder.UseOrleansClient(client =>
        {
            if (target.Postgres is { } postgres) client.UseEnsemblePostgresClustering(postgres);
            else
            {
                client.UseStaticClustering(gateway ?? new IPEndPoint(IPAddress.Loopback, target.GatewayPort));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (EnsembleCluster.ClusterId, EnsembleCluster.ServiceId));
            }
            // Every client call is short; a silo that went away should not leave a command hanging.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            // Fail fast with a clear message instead of retrying forever.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation).WaitAsync(timeout, cancellation);
        }
        catch (Exception e)
        {
            host.Dispose();
            if (e is OperationCanceledException) throw;
            throw new ClusterUnreachableException(target, e);
        }
        return new ClusterConnection(host);
    }

    /// <summary>The gateways of the cluster's active silos, from its membership (empty if it cannot be asked now).</summary>
    public async Task<IReadOnlyList<IPEndPoint>> GatewaysAsync()
    {
        try
        {
            var hosts = await Client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5));
            return hosts.Where(h => h.ProxyPort > 0).Select(h => new IPEndPoint(h.SiloAddress.Endpoint.Address, h.ProxyPort)).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [];
        }
    }
}
