using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;
using Microsoft.AspNetCore.Http;

namespace Ensemble.Dashboard.Api;

/// <summary>Which estimates a request asks for: observable, species, time and component (each optional), and at most how many rows.</summary>
public sealed record EstimateFilter(EstimateQuery Query, string? Component, int Limit)
{
    public static EstimateFilter From(HttpRequest request, string? defaultObservable) => new(
        new EstimateQuery
        {
            Observable = QueryValues.Name(request, "observable") ?? defaultObservable,
            Species = QueryValues.Name(request, "species"),
            Time = QueryValues.FiniteDouble(request, "time"),
        },
        QueryValues.Name(request, "component"),
        QueryValues.Int(request, "limit", 500, 1, JobEndpoints.MaxEstimateRows));

    public async Task<EstimatesJson> ReadAsync(IJobReading job)
    {
        var report = await job.GetEstimates(Query);
        var rows = report.Rows.Where(r => Component is null || r.Component == Component).ToArray();
        if (Component is not null && rows.Length == 0 && report.Rows.Length > 0)
        {
            var known = report.Rows.Select(r => r.Component).Distinct().Take(12);
            throw new BadParameterException("component", $"one of {string.Join(", ", known)}", Component);
        }
        return new EstimatesJson(report.JobId, report.Partial, report.Status.ToString().ToLowerInvariant(), report.Realisations, rows.Length,
            rows.Length > Limit, rows.Take(Limit).Select(EstimateJson.From).ToArray());
    }
}
