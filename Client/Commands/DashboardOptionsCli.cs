using System.CommandLine;
using Ensemble.Dashboard.Hosting;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>--dashboard</c> and <c>--dashboard-urls</c>: serve the web dashboard from this process (loopback unless told otherwise).
/// The access token for its actions comes from the configuration (<c>Ensemble__Dashboard__AccessToken</c>), never the command line.
/// </summary>
public sealed class DashboardOptionsCli(string defaultUrls)
{
    public const string TokenVariable = "Ensemble__Dashboard__AccessToken";

    private readonly Option<bool> _enabled = new("--dashboard") { Description = $"serve the web dashboard (default address {defaultUrls}) and print it" };

    private readonly Option<string?> _urls = new(DashboardServer.UrlsOption)
    {
        Description = "where the dashboard listens (implies --dashboard), e.g. http://0.0.0.0:8080 to expose it",
    };

    public void AddTo(Command command)
    {
        _urls.Validators.Add(r =>
        {
            if (DashboardUrls.Problem(r.GetValueOrDefault<string?>()) is { } problem) r.AddError($"{DashboardServer.UrlsOption}: {problem}");
        });
        command.Options.Add(_enabled);
        command.Options.Add(_urls);
    }

    /// <summary>The started dashboard, or null when neither option was given.</summary>
    public async Task<DashboardServer?> StartAsync(ParseResult parsed, IGrainFactory grains, string? postgres, CancellationToken cancellation)
    {
        string? urls = parsed.GetValue(_urls);
        if (!parsed.GetValue(_enabled) && urls is null) return null;
        var options = new DashboardOptions
        {
            Urls = urls ?? defaultUrls,
            Postgres = postgres,
            AccessToken = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null,
        };
        return await DashboardServer.StartAsync(grains, options, cancellation: cancellation);
    }
}
