namespace Ensemble.Dashboard.Hosting;

/// <summary>Checks <c>--dashboard-urls</c>: one or more <c>http://host:port</c> separated by ';'.</summary>
public static class DashboardUrls
{
    public const string Expected = "http://HOST:PORT (several separated by ';'), e.g. http://127.0.0.1:8080 or http://0.0.0.0:8080 to expose it";

    /// <summary>What is wrong with <paramref name="urls"/>, or null when every part is an http URL with a host and a port.</summary>
    public static string? Problem(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls)) return $"{Expected}, found an empty value";
        foreach (var part in urls.Split(';', StringSplitOptions.TrimEntries))
        {
            bool valid = Uri.TryCreate(part, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
                && uri.AbsolutePath == "/" && uri.Query.Length == 0 && part.Count(c => c == ':') >= 2;
            if (!valid) return $"{Expected}, found \"{string.Concat(part.Take(60).Select(c => char.IsControl(c) ? '?' : c))}\"";
        }
        return null;
    }
}
