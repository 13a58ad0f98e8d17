using System.CommandLine;
using System.Net;
using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Runtime;
using Ensemble.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ensemble.Silo;

/// <summary>
/// An Ensemble silo. Without a connection string: localhost clustering and in-memory state (a
/// development cluster on one host). With <c>--postgres</c> (or ENSEMBLE_POSTGRES, or the
/// configuration key Ensemble:Postgres): membership, grain state, reminders and the job tables in
/// PostgreSQL, so silos on several hosts form one cluster and jobs survive any silo. Stops
/// gracefully on Ctrl+C / SIGTERM, letting Orleans hand its activations over.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var siloPort = new Option<int>("--silo-port") { Description = "silo-to-silo port", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "port clients connect to", DefaultValueFactory = _ => 30000 };
        var primaryPort = new Option<int?>("--primary-port")
        {
            Description = "without PostgreSQL: silo port of the cluster's first silo on this host (default: this silo)",
        };
        var workers = new Option<int?>("--workers") { Description = "simulation threads (default: Ensemble:Workers:Workers, else one per core)" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"PostgreSQL connection string (default: ${PostgresConnectionString.EnvironmentVariable}, then configuration Ensemble:Postgres)",
        };
        var advertise = new Option<string?>("--advertise")
        {
            Description = "with PostgreSQL: host name or IP address other silos and clients reach this silo at (default: 127.0.0.1)",
        };
        var dashboard = new Option<bool>("--dashboard")
        {
            Description = $"serve the web dashboard (default {DashboardOptions.DefaultUrls}, loopback only; or configuration Ensemble:Dashboard:Enabled)",
        };
        var dashboardUrls = new Option<string?>(DashboardServer.UrlsOption)
        {
            Description = "where the dashboard listens (implies --dashboard), e.g. http://0.0.0.0:8080 to expose it",
        };
        var root = new RootCommand("Ensemble silo") { siloPort, gatewayPort, primaryPort, workers, postgres, advertise, dashboard, dashboardUrls };
        root.SetAction(r =>
        {
            var builder = Host.CreateApplicationBuilder();
            // Placement retries log every attempt at Information through Polly; keep the log readable.
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
            string? connectionString = PostgresConnectionString.Resolve(r.GetValue(postgres)) ?? builder.Configuration["Ensemble:Postgres"];
            if (connectionString is not null && DatabaseCheck.Refuse(connectionString) is { } refused) return refused;
            var web = SiloDashboard.Options(r.GetValue(dashboard), r.GetValue(dashboardUrls), connectionString, builder.Configuration);
            if (web is { Problem: { } problem })
            {
                Console.Error.WriteLine($"error: invalid option {DashboardServer.UrlsOption}: {problem}");
                return 2;
            }
            builder.UseOrleans(silo =>
            {
                int port = r.GetValue(siloPort), gateway = r.GetValue(gatewayPort);
                if (connectionString is null)
                {
                    var primary = new IPEndPoint(IPAddress.Loopback, r.GetValue(primaryPort) ?? port);
                    silo.UseLocalhostClustering(port, gateway, primary, EnsembleCluster.ServiceId, EnsembleCluster.ClusterId);
                    silo.AddEnsembleMemoryStorage();
                }
                else
                {
                    ConfigureEndpoints(silo, r.GetValue(advertise), port, gateway);
                    silo.AddEnsemblePostgres(connectionString, builder.Configuration);
                }
                // Timings and limits (Ensemble:*, Orleans:Membership) come from the configuration.
                silo.AddEnsemble(r.GetValue(workers), builder.Configuration);
                if (builder.Configuration.GetValue<bool>("Ensemble:TraceRealisations"))
                    silo.Services.AddSingleton<IRealisationTrace, ConsoleRealisationTrace>();
            });
            try
            {
                using var host = builder.Build();
                return SiloDashboard.Run(host, web?.Options);
            }
            catch (Exception e) when (SettingsRefusal.From(e) is { } refusal)
            {
                Console.Error.WriteLine($"error: invalid option {refusal.Message}");
                return 2;
            }
        });
        return root.Parse(args).Invoke();
    }

    private static void ConfigureEndpoints(ISiloBuilder silo, string? advertise, int siloPort, int gatewayPort)
    {
        if (advertise is null || advertise is "127.0.0.1" or "localhost")
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
        else if (IPAddress.TryParse(advertise, out var address))
            silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: true);
    }
}
