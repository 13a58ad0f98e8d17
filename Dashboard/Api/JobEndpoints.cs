using Ensemble.Dashboard.Hosting;
using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>The read-only JSON endpoints under /api/jobs: every one a GET that changes nothing.</summary>
public static class JobEndpoints
{
    public const int MaxJobPageSize = 100;
    public const int MaxRealisationPageSize = 200;
    public const int MaxEstimateRows = 2000;

    public static void Map(IEndpointRouteBuilder app, JobSources sources, JobCatalogue catalogue, ILogger logger)
    {
        app.MapGet("/api/jobs", (HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var status = QueryValues.Status(request);
            int size = QueryValues.Int(request, "size", 25, 1, MaxJobPageSize);
            int page = QueryValues.Int(request, "page", 1, 1, int.MaxValue);
            var jobs = (await sources.ListAsync(cancellation))
                .Where(j => status is null || j.Status.Status == status)
                .OrderByDescending(j => j.Listing.SubmittedAt).ThenBy(j => j.Listing.JobId, StringComparer.Ordinal)
                .ToArray();
            int pages = Math.Max(1, (jobs.Length + size - 1) / size);
            if (page > pages) throw new BadParameterException("page", $"an integer from 1 to {pages}", page.ToString());
            var items = new List<JobProgressJson>();
            foreach (var (listing, s) in jobs.Skip((page - 1) * size).Take(size))
            {
                string? model = await catalogue.ModelAsync(listing.JobId, cancellation);
                items.Add(JobProgressJson.From(s, live: s.Coordinator is not null, model, listing.SubmittedAt));
            }
            return Results.Json(new JobPageJson(page, size, jobs.Length, pages, [.. items]), DashboardJson.Options);
        }, logger));

        app.MapGet("/api/jobs/{id}", (string id, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var job = await sources.OpenAsync(id, cancellation);
            var definition = await job.GetDefinition();
            var spec = catalogue.Summary(definition);
            var status = await job.GetStatus();
            var progress = JobProgressJson.From(status, job.Live, spec.Model);
            var choices = await catalogue.ChoicesAsync(id, job);
            return Results.Json(new JobDetailJson(progress, spec, choices, ConvergenceJson.From(await job.GetPrefixHistory(), status)), DashboardJson.Options);
        }, logger));

        app.MapGet("/api/jobs/{id}/estimates", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var filter = EstimateFilter.From(request, defaultObservable: null);
            var job = await sources.OpenAsync(id, cancellation);
            return Results.Json(await filter.ReadAsync(job), DashboardJson.Options);
        }, logger));

        app.MapGet("/api/jobs/{id}/realisations", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            int size = QueryValues.Int(request, "size", 50, 1, MaxRealisationPageSize);
            int page = QueryValues.Int(request, "page", 1, 1, int.MaxValue);
            var job = await sources.OpenAsync(id, cancellation);
            int total = (await job.GetDefinition()).Realisations;
            int pages = Math.Max(1, (int)(((long)total + size - 1) / size));
            if (page > pages) throw new BadParameterException("page", $"an integer from 1 to {pages}", page.ToString());
            var records = await job.GetRealisations((uint)((long)(page - 1) * size), size);
            return Results.Json(new RealisationPageJson(id, page, size, total, pages, records.Select(RealisationJson.From).ToArray()), DashboardJson.Options);
        }, logger));
    }
}
