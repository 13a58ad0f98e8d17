using System.Security.Cryptography;
using System.Text;
using Ensemble.Dashboard.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// Guards the actions that change anything. With a token configured, the request must carry it (Authorization: Bearer, or
/// the dashboard's cookie); with or without one, a browser request from another origin is refused, so a page elsewhere
/// cannot make a visitor's browser post to a dashboard on loopback.
/// </summary>
public static class AccessToken
{
    /// <summary>An error result when the request may not act, else null.</summary>
    public static IResult? Refusal(HttpRequest request, DashboardOptions options)
    {
        if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
            return ApiErrors.Error(StatusCodes.Status403Forbidden, "actions are accepted only from the dashboard's own pages (Origin differs)", null);
        if (options.AccessToken is not { Length: > 0 } expected) return null;
        string? given = Bearer(request) ?? request.Cookies[DashboardOptions.TokenCookie];
        if (given is not null && Matches(given, expected)) return null;
        return ApiErrors.Error(StatusCodes.Status401Unauthorized,
            $"this action needs the dashboard's access token (Authorization: Bearer TOKEN, or the cookie {DashboardOptions.TokenCookie})", "token");
    }

    private static string? Bearer(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
