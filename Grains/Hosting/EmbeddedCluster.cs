using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// The embedded default: a single silo in this process with in-memory grain state, on free
/// loopback ports so it never collides with a cluster already running here. Given a PostgreSQL
/// connection string it persists everything there instead (and joins any silos registered in
/// that database).
/// </summary>
public sealed class EmbeddedCluster : EmbeddedHost.Session
{
    private EmbeddedCluster(IHost host) : base(host, TimeSpan.FromSeconds(10))
    {
    }

    public static async Task<EmbeddedCluster> StartAsync(int? workers, CancellationToken cancellation = default) =>
        await StartAsync(workers, postgres: null, cancellation);

    public static async Task<EmbeddedCluster> StartAsync(int? workers, string? postgres, CancellationToken cancellation = default)
    {
        var builder = EmbeddedHost.CreateBuilder();
        var (siloPort, gatewayPort) = FreePorts();
        builder.UseOrleans(silo =>
        {
            if (postgres is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: EnsembleCluster.ServiceId, clusterId: EnsembleCluster.ClusterId);
                silo.AddEnsembleMemoryStorage();
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.AddEnsemblePostgres(postgres, builder.Configuration);
            }
            silo.AddEnsemble(workers, builder.Configuration);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch (Exception e)
        {
            host.Dispose();
            if (SettingsRefusal.From(e) is { } refusal) throw refusal;
            throw;
        }
        return new EmbeddedCluster(host);
    }


    /// <summary>Two distinct free ports (both listeners held open while choosing).</summary>
    private static (int, int) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
