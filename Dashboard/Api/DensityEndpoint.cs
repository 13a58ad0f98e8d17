using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;
using Ensemble.Reports.Rendering;
using Ensemble.Simulation.Limits.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// GET /api/jobs/{id}/density?time=&amp;species=: one species' ensemble-averaged histogram at one output time (default: the first
/// species at the last time) against the PDE limit. Aggregated here: only that time's and species' bins are read (the grain or
/// the database filters them), not the whole table. 400 for a time that is not an output time or an unknown species; 404 for
/// an unknown job or a spec without a histogram.
/// </summary>
public static class DensityEndpoint
{
    public static void Map(IEndpointRouteBuilder app, JobSources sources, JobCatalogue catalogue, ILogger logger)
    {
        app.MapGet("/api/jobs/{id}/density", (string id, HttpRequest request, CancellationToken cancellation) => ApiErrors.Guard(async () =>
        {
            double? askedTime = QueryValues.FiniteDouble(request, "time");
            string? askedSpecies = QueryValues.Name(request, "species");
            var job = await sources.OpenAsync(id, cancellation);
            var spec = catalogue.Summary(await job.GetDefinition());
            if (spec.Histogram is not { } histogram)
                return ApiErrors.Error(StatusCodes.Status404NotFound, $"job {id} has no density: its spec has no observables.histogram", null);
            var choices = await catalogue.ChoicesAsync(id, job);
            double time = choices.OutputTime(askedTime);
            string[] species = choices.SpeciesOnly();
            string label = askedSpecies ?? species.FirstOrDefault() ?? throw new BadParameterException("species", "a species of the job", null);
            if (!species.Contains(label)) throw new BadParameterException("species", $"one of {string.Join(", ", species)}", label);
            var status = await job.GetStatus();
            return Results.Json(await ReadAsync(id, job, catalogue, status.IsFinished, histogram, choices, label, time), DashboardJson.Options);
        }, logger));
    }

    private static async Task<DensityJson> ReadAsync(string id, IJobReading job, JobCatalogue catalogue, bool finished, HistogramJson histogram,
        EstimateChoicesJson choices, string species, double time)
    {
        int d = histogram.Bins.Length, bins = histogram.Bins.Aggregate(1, (p, b) => p * b);
        var rows = (await job.GetEstimates(new EstimateQuery { Observable = "histogram", Species = species, Time = time })).Rows;
        var slice = HistogramSlice.From(rows, species, time, bins);
        var limitRows = choices.Observables.Any(o => o.Name == "limit_histogram")
            ? (await job.GetEstimates(new EstimateQuery { Observable = "limit_histogram", Species = species, Time = time })).Rows
            : [];
        var limit = await catalogue.LimitAsync(id, job, finished);
        var pde = limit.Diagnostics.Select(grid => Pde(grid, limit, limitRows, species, time, bins, d)).ToArray();
        var centres = Enumerable.Range(0, d).Select(a =>
        {
            double width = (histogram.Upper[a] - histogram.Lower[a]) / histogram.Bins[a];
            return Enumerable.Range(0, histogram.Bins[a]).Select(i => histogram.Lower[a] + (i + 0.5) * width).ToArray();
        }).ToArray();
        return new DensityJson(id, species, time, d, histogram.Lower, histogram.Upper, histogram.Bins, centres, rows.Length > 0 ? rows[0].Count : 0,
            Finite(slice?.Mean, bins), Finite(slice?.Low, bins), Finite(slice?.High, bins), pde, choices.Times,
            choices.SpeciesOnly());
    }

    private static PdeDensityJson Pde(LimitDiagnosticsRow grid, LimitReport limit, IReadOnlyList<Simulation.Statistics.EstimateRow> limitRows,
        string species, double time, int bins, int d)
    {
        double[]? x = null;
        double?[]? density = null;
        if (d == 1 && limit.Densities.FirstOrDefault(p => p.Equation == grid.Equation && p.Species == species
                && ParticleLimitComparison.SameTime(p.Time, time)) is { } own)
        {
            var cells = grid.Grid();
            x = Enumerable.Range(0, own.Values.Length).Select(i => cells.Centre(0, i)).ToArray();
            density = Finite(own.Values, own.Values.Length);
        }
        var averages = HistogramSlice.Limit(limitRows, grid.Equation, species, time, bins);
        return new PdeDensityJson(grid.Equation, x, density, averages is null ? null : Finite(averages, bins));
    }

    private static double?[] Finite(double[]? values, int n) =>
        values is null ? new double?[n] : values.Select(DashboardJson.Finite).ToArray();
}
