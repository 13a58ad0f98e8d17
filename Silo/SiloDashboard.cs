using Ensemble.Dashboard.Hosting;
using Ensemble.Jobs.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ensemble.Silo;

/// <summary>
/// The silo's web dashboard: off unless <c>--dashboard</c>, <c>--dashboard-urls</c> or Ensemble:Dashboard:Enabled; on loopback
/// unless told otherwise (Ensemble:Dashboard:Urls); its actions guarded by Ensemble:Dashboard:AccessToken when that is set.
/// </summary>
public static class SiloDashboard
{
    public sealed record Choice(DashboardOptions? Options, string? Problem);

    /// <summary>Null when the dashboard is off.</summary>
    public static Choice? Options(bool enabled, string? urls, string? postgres, IConfiguration configuration)
    {
        if (!enabled && urls is null && !configuration.GetValue<bool>("Ensemble:Dashboard:Enabled")) return null;
        urls ??= configuration["Ensemble:Dashboard:Urls"] is { Length: > 0 } configured ? configured : DashboardOptions.DefaultUrls;
        if (DashboardUrls.Problem(urls) is { } problem) return new Choice(null, problem);
        string? token = configuration["Ensemble:Dashboard:AccessToken"] is { Length: > 0 } t ? t : null;
        return new Choice(new DashboardOptions { Urls = urls, Postgres = postgres, AccessToken = token }, null);
    }

    /// <summary>Runs the silo until it is told to stop, with the dashboard beside it when <paramref name="options"/> is given.</summary>
    public static int Run(IHost host, DashboardOptions? options)
    {
        if (options is null)
        {
            host.Run();
            return 0;
        }
        host.Start();
        DashboardServer dashboard;
        try
        {
            dashboard = DashboardServer.StartAsync(host.Services.GetRequiredService<IGrainFactory>(), options,
                host.Services.GetService<ILoggerFactory>()).GetAwaiter().GetResult();
        }
        catch (EnsembleException e)
        {
            Console.Error.WriteLine($"error: invalid option {e.Message}");
            host.StopAsync().GetAwaiter().GetResult();
            return 2;
        }
        Console.WriteLine($"dashboard: {string.Join(" ", dashboard.Urls)}");
        host.WaitForShutdown();
        dashboard.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }
}
