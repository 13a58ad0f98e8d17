using System.CommandLine;
using Ensemble.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ensemble.Silo;

/// <summary>
/// An Ensemble silo: localhost clustering and in-memory grain state by default (PostgreSQL comes
/// with a connection string in a later step). Stops gracefully on Ctrl+C / SIGTERM, letting
/// Orleans hand its activations over.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var siloPort = new Option<int>("--silo-port") { Description = "silo-to-silo port", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "port clients connect to", DefaultValueFactory = _ => 30000 };
        var primaryPort = new Option<int?>("--primary-port") { Description = "silo port of the cluster's first silo (localhost clustering; default: this silo)" };
        var workers = new Option<int>("--workers") { Description = "simulation threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var root = new RootCommand("Ensemble silo") { siloPort, gatewayPort, primaryPort, workers };
        root.SetAction(r =>
        {
            int port = r.GetValue(siloPort);
            var builder = Host.CreateApplicationBuilder();
            // Placement retries log every attempt at Information through Polly; keep the log readable.
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
            builder.UseOrleans(silo =>
            {
                var primary = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, r.GetValue(primaryPort) ?? port);
                silo.UseLocalhostClustering(port, r.GetValue(gatewayPort), primary);
                silo.AddEnsemble(r.GetValue(workers));
                silo.AddEnsembleMemoryStorage();
            });
            builder.Build().Run();
            return 0;
        });
        return root.Parse(args).Invoke();
    }
}
