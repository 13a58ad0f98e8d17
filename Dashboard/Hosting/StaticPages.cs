using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ensemble.Dashboard.Hosting;

/// <summary>
/// The page's files, embedded in this assembly (wwwroot/*): "/" is the jobs list, "/jobs/{id}" a job's page (the script reads
/// the id from the address), "/static/NAME" the scripts, styles and the vendored chart library.
/// </summary>
public static class StaticPages
{
    private static readonly Assembly Assembly = typeof(StaticPages).Assembly;

    /// <summary>Scripts only from this server and no inline script at all: a hostile job name cannot run even if one slipped into markup.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => File("index.html"));
        app.MapGet("/jobs/{id}", (string id) => File("job.html"));
        app.MapGet("/operations", () => File("operations.html"));
        app.MapGet("/studies/{id}", (string id) => File("study.html"));
        app.MapGet("/static/{name}", (string name) => File(name));
        app.MapGet("/favicon.ico", () => Results.NoContent()); // browsers ask for it; there is none
    }

    /// <summary>Adds the headers every answer carries (CSP, no sniffing, no framing).</summary>
    public static void UseSecurityHeaders(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Only the Orleans dashboard's own page under /orleans gets its (looser) policy; see OrleansDashboardMount.
        context.Response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(OrleansDashboardMount.Prefix)
            ? OrleansDashboardMount.ContentSecurityPolicy : ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await next(context);
    });

    private static IResult File(string name)
    {
        if (name.Contains('/') || name.Contains('\\') || Assembly.GetManifestResourceStream("wwwroot/" + name) is not { } stream)
            return Results.NotFound();
        return Results.Stream(stream, ContentType(name));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
