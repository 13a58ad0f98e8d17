using System.Text.Json;
using Ensemble.Dashboard.Reading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// GET /api/operations: silos, their workers and load, realisations in flight per silo and per job, and the chart's history.
/// One read of the cluster per <see cref="FreshFor"/> whatever the number of pages polling: callers wait for the read in progress
/// and share its answer (also what keeps the history to one sample per read).
/// </summary>
public static class OperationsEndpoints
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    public static void Map(IEndpointRouteBuilder app, ClusterReading reading, ILogger logger)
    {
        var latest = new Latest(reading, TimeProvider.System);
        app.MapGet("/api/operations", (CancellationToken cancellation) => ApiErrors.Guard(async () =>
            Results.Text(await latest.GetAsync(cancellation), "application/json; charset=utf-8"), logger));
    }

    private sealed class Latest(ClusterReading reading, TimeProvider time)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (DateTimeOffset At, string Json)? _last;

        public async Task<string> GetAsync(CancellationToken cancellation)
        {
            await _gate.WaitAsync(cancellation);
            try
            {
                if (_last is { } last && time.GetUtcNow() - last.At < FreshFor) return last.Json;
                // Not the caller's token: a page closed mid-read must not waste the read the others are waiting for (each
                // silo's answer is bounded by ClusterReading.SiloPatience anyway).
                var answer = await reading.ReadAsync(CancellationToken.None);
                string json = JsonSerializer.Serialize(answer, DashboardJson.Options);
                _last = (time.GetUtcNow(), json);
                return json;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
