using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Ensemble.Dashboard.Hosting;
using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Estimates;
using Ensemble.Simulation.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// A job's results as files: GET /api/jobs/{id}/estimates.csv (every row, the command line's CSV: <see cref="EstimateCsv"/>),
/// estimates.json (the command line's <c>--format json</c>: <see cref="EstimatesDocument"/>) and report.zip (report.md and its
/// figures, <see cref="JobReportAssembly"/>'s, written into a temporary folder that is deleted once zipped). A report re-runs the
/// job's first seeds on the dashboard's host, so it is an action like a rerun: with an access token configured it needs the token
/// (the page's cookie carries it), and one job has at most one report in the making: a second request meanwhile is answered 429.
/// </summary>
public static class DownloadEndpoints
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Map(IEndpointRouteBuilder app, JobSources sources, DashboardOptions options, ILogger logger)
    {
        app.MapGet("/api/jobs/{id}/estimates.csv", (string id, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var report = await (await sources.OpenAsync(id, cancellation)).GetEstimates(new EstimateQuery());
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16);
                await writer.WriteAsync(EstimateCsv.Header + "\n");
                foreach (var row in report.Rows) await writer.WriteAsync(EstimateCsv.Line(row) + "\n");
            }, "text/csv; charset=utf-8", $"{id}-estimates.csv");
        }, logger));

        app.MapGet("/api/jobs/{id}/estimates.json", (string id, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var report = await (await sources.OpenAsync(id, cancellation)).GetEstimates(new EstimateQuery());
            return Results.Stream(stream => EstimatesDocument.WriteAsync(stream, report, cancellation), "application/json", $"{id}-estimates.json");
        }, logger));

        var making = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        app.MapGet("/api/jobs/{id}/report.zip", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            if (AccessToken.Refusal(request, options) is { } refused) return refused;
            var job = await sources.OpenAsync(id, cancellation);
            if (!making.TryAdd(id, true))
                return ApiErrors.Error(StatusCodes.Status429TooManyRequests, $"a report of job {id} is being made; ask again when it is done", null);
            try
            {
                return Results.File(await ZipAsync(job), "application/zip", $"{id}-report.zip");
            }
            finally
            {
                making.TryRemove(id, out _);
            }
        }, logger));
    }

    /// <summary>The report written into a fresh temporary folder, zipped in memory (a report is a page and a few figures), the folder deleted.</summary>
    private static async Task<byte[]> ZipAsync(IJobReading job)
    {
        string folder = Path.Combine(Path.GetTempPath(), "ensemble-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Re-running seeds and drawing figures is CPU work: off the request's thread.
            string markdown = await Task.Run(() => JobReportAssembly.WriteAsync(job, folder));
            using var zipped = new MemoryStream();
            await ZipFile.CreateFromDirectoryAsync(Path.GetDirectoryName(markdown)!, zipped, CompressionLevel.Optimal, includeBaseDirectory: false);
            return zipped.ToArray();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
