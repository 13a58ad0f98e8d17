using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Ensemble.Dashboard.Hosting;

/// <summary>
/// Orleans' own dashboard (Microsoft.Orleans.Dashboard: grains, calls, silos' counters) under <see cref="Prefix"/>. Its grains
/// and per-silo service run on the silos (<c>AddEnsemble</c> calls <c>AddDashboard</c> on each); the web side only needs the
/// package's client services (what <c>IClientBuilder.AddDashboard</c> registers) over the dashboard's grain factory, so it is
/// mounted here the way the package mounts it on a cluster client, whichever process serves the dashboard.
/// </summary>
public static class OrleansDashboardMount
{
    public const string Prefix = "/orleans";

    /// <summary>
    /// The Orleans dashboard's page is a prebuilt single-page app that sets inline styles (its markup has <c>style="..."</c>, its
    /// charts size themselves that way) and loads its icon fonts: it needs <c>style-src 'unsafe-inline'</c> and <c>font-src</c>,
    /// which the rest of the dashboard never allows. Scripts stay <c>'self'</c> only, so no inline script runs there either; it
    /// shows grain and silo names, never a job's user-given name.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void AddServices(IServiceCollection services, IConfiguration configuration, IGrainFactory grains)
    {
        services.AddSingleton(grains);
        // The log stream (/orleans/Trace) would stream this web host's log, which is not the silo's: hidden rather than empty.
        new ServicesOnlyClientBuilder(services, configuration).AddDashboard(o => o.HideTrace = true);
    }

    public static void Map(IEndpointRouteBuilder app) => app.MapOrleansDashboard(Prefix);

    /// <summary>
    /// Its grain-state viewer (<c>/orleans/GrainState?grainType=&amp;grainId=</c>) calls a method on any grain named in the address,
    /// which activates it: a job's coordinator activated that way resumes the job. No GET may change anything here, so it is refused.
    /// </summary>
    public static void UseRefusals(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(Prefix + "/GrainState"))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(new
        {
            error = "the Orleans dashboard's grain-state viewer is not served: it activates the grain it is asked about, and no GET may change anything",
            parameter = "path",
        });
    });

    /// <summary>Lets the package's client registration add its services to the web host's collection (no Orleans client is built).</summary>
    private sealed class ServicesOnlyClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
    {
        public IServiceCollection Services => services;

        public IConfiguration Configuration => configuration;
    }
}
