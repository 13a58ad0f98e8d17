using System.Text.Json;
using Ensemble.Dashboard.Hosting;
using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Studies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// The study endpoints: GET /api/studies (paged, filtered by status), GET /api/studies/{id} (what it runs, its grid points and
/// their jobs, and its fits), and GET /api/studies/{id}/events (server-sent "update" events, throttled and shared between clients
/// like a job's, ending after the update that shows the study finished). All read-only.
/// </summary>
public static class StudyEndpoints
{
    public const int MaxStudyPageSize = 100;

    public static void Map(IEndpointRouteBuilder app, StudySources sources, DashboardOptions options, ILogger logger)
    {
        app.MapGet("/api/studies", (HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var status = Status(request);
            int size = QueryValues.Int(request, "size", 25, 1, MaxStudyPageSize);
            int page = QueryValues.Int(request, "page", 1, 1, int.MaxValue);
            var studies = (await sources.ListAsync(cancellation))
                .Where(s => status is null || s.Status.Status == status)
                .OrderByDescending(s => s.Status.CreatedAt).ThenBy(s => s.Status.StudyId, StringComparer.Ordinal)
                .ToArray();
            int pages = Math.Max(1, (studies.Length + size - 1) / size);
            if (page > pages) throw new BadParameterException("page", $"an integer from 1 to {pages}", page.ToString());
            var items = studies.Skip((page - 1) * size).Take(size).Select(s => StudyProgressJson.From(s.Status, s.Live)).ToArray();
            return Results.Json(new StudyPageJson(page, size, studies.Length, pages, items), DashboardJson.Options);
        }, logger));

        app.MapGet("/api/studies/{id}", (string id, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var study = await sources.OpenAsync(id, cancellation);
            var spec = StudySpecSummaryJson.From(await study.GetSpecText());
            return Results.Json(new StudyDetailJson(spec, await ReadAsync(study)), DashboardJson.Options);
        }, logger));

        var interval = UpdateStream.Interval(options);
        var cache = UpdateStream.Cache(interval);
        app.MapGet("/api/studies/{id}/events", (string id, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            var study = await sources.OpenAsync(id, cancellation);
            var first = await UpdateAsync(study); // an unknown study is answered 404 here, before the stream starts
            string key = $"{id}\n{study.Live}";
            var updates = UpdateStream.Stream(first, () => cache.GetAsync(key, () => UpdateAsync(study)), interval, logger, cancellation);
            return TypedResults.ServerSentEvents(updates, eventType: "update");
        }, logger));
    }

    /// <summary>The status first, then the results: the fits are never older than the status that says the study finished.</summary>
    private static async Task<StudyUpdateJson> ReadAsync(IStudyView study)
    {
        var status = await study.GetStatus();
        return StudyUpdateJson.From(status, await study.GetResults(), study.Live);
    }

    private static async Task<UpdateCache.Update> UpdateAsync(IStudyView study)
    {
        var update = await ReadAsync(study);
        return new(JsonSerializer.Serialize(update, DashboardJson.Options), update.Progress.Finished);
    }

    private static StudyStatus? Status(HttpRequest request)
    {
        if (!request.Query.TryGetValue("status", out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0])) return null;
        var names = Enum.GetValues<StudyStatus>().Select(StudyProgressJson.Name).ToArray();
        string text = values.Count > 1 ? string.Join(",", values.ToArray()) : values[0]!;
        int found = Array.IndexOf(names, text);
        if (found < 0) throw new BadParameterException("status", $"one of {string.Join(", ", names)}", text);
        return Enum.GetValues<StudyStatus>()[found];
    }
}
