using DotNet.Testcontainers.Configurations;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>Answers "does a Docker engine respond?" without ever hanging the test run.</summary>
internal static class DockerProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // Docker does not come or go during a test run; caching also avoids a second 5 s wait when the probe hung.
    private static readonly Lazy<Task<string?>> Cached = new(ProbeAsync);

    /// <summary>
    /// Returns null when Docker is usable, otherwise why not. Testcontainers pings every endpoint it knows
    /// inside the static initializer behind <see cref="TestcontainersSettings.OS"/>; with DOCKER_HOST pointing
    /// at a socket that never answers that can block indefinitely, so it runs on a pool thread we may abandon.
    /// </summary>
    public static Task<string?> WhyUnavailableAsync() => Cached.Value;

    private static async Task<string?> ProbeAsync()
    {
        try
        {
            var endpoint = await Task.Run(() => TestcontainersSettings.OS.DockerEndpointAuthConfig).WaitAsync(Timeout);
            return endpoint is null ? "no Docker engine answered" : null;
        }
        catch (TimeoutException)
        {
            return $"Docker did not answer within {Timeout.TotalSeconds:0} s";
        }
        catch (Exception ex)
        {
            return $"Docker probe failed: {ex.GetBaseException().Message}";
        }
    }
}
