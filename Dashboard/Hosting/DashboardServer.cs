using Ensemble.Dashboard.Api;
using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ensemble.Dashboard.Hosting;

/// <summary>
/// The web dashboard: a Kestrel server of its own inside the silo's (or the embedded run's) process, reading through the
/// given grain factory and, with <see cref="DashboardOptions.Postgres"/>, the job tables. Disposing stops it.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JobSources _sources;

    private DashboardServer(WebApplication app, JobSources sources)
    {
        _app = app;
        _sources = sources;
    }

    /// <summary>The option that sets <see cref="DashboardOptions.Urls"/> (silo and <c>run</c>), named in refusals.</summary>
    public const string UrlsOption = "--dashboard-urls";

    /// <summary>The addresses it listens on, as Kestrel bound them (a port 0 replaced by the one chosen).</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>The first address, for printing and for tests.</summary>
    public string Url => Urls[0];

    public static async Task<DashboardServer> StartAsync(
        IGrainFactory grains, DashboardOptions options, ILoggerFactory? logging = null, CancellationToken cancellation = default)
    {
        if (DashboardUrls.Problem(options.Urls) is { } problem) throw new JobRejectedException(ErrorKind.InvalidOption, UrlsOption, problem);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Urls);
        builder.Services.AddRouting();
        builder.Services.AddSingleton(logging ?? NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        OrleansDashboardMount.AddServices(builder.Services, builder.Configuration, grains);
        builder.Services.AddSingleton(_ => new StudySources(grains, options.Postgres)); // disposed with the app
        var app = builder.Build();
        var logger = (logging ?? NullLoggerFactory.Instance).CreateLogger("Ensemble.Dashboard");
        var sources = new JobSources(grains, options.Postgres);
        try
        {
            StaticPages.UseSecurityHeaders(app);
            OrleansDashboardMount.UseRefusals(app);
            app.UseRouting();
            StaticPages.Map(app);
            var catalogue = new JobCatalogue(sources);
            JobEndpoints.Map(app, sources, catalogue, logger);
            DensityEndpoint.Map(app, sources, catalogue, logger);
            LimitComparisonEndpoint.Map(app, sources, catalogue, logger);
            DownloadEndpoints.Map(app, sources, options, logger);
            JobEvents.Map(app, sources, options, logger);
            RerunEndpoint.Map(app, sources, options, logger);
            OperationsEndpoints.Map(app, new ClusterReading(grains, sources, TimeProvider.System), logger);
            OrleansDashboardMount.Map(app);
            StudyEndpoints.Map(app, app.Services.GetRequiredService<StudySources>(), options, logger);
            await app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            await sources.DisposeAsync();
            throw new JobRejectedException(ErrorKind.InvalidOption, UrlsOption, $"addresses free to listen on, found {options.Urls} ({e.Message})");
        }
        catch
        {
            await app.DisposeAsync();
            await sources.DisposeAsync();
            throw;
        }
        return new DashboardServer(app, sources);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(patience.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            await _sources.DisposeAsync();
        }
    }
}
