using System.Text.Json;
using System.Text.Json.Serialization;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Estimates;

/// <summary>
/// A job's estimates as one JSON document for pandas, R and scripts (the command line's <c>--format json</c> and the dashboard's
/// estimates.json): the job, whether the estimates are partial, its status and R, then every row with its count, mean, se, 95% CI,
/// min and max. NaN (no estimate) is written as the literal NaN, so nothing is silently dropped.
/// </summary>
public static class EstimatesDocument
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public sealed record Document(string Job, bool Partial, string Status, long Realisations, IEnumerable<Row> Estimates);

    public sealed record Row(string Observable, string Species, double Time, string Component, long Count, double Mean, double Se,
        double CiLow, double CiHigh, double Min, double Max);

    public static Document Of(EstimatesReport report) => new(report.JobId, report.Partial, report.Status.ToString().ToLowerInvariant(),
        report.Realisations,
        report.Rows.Select(r => new Row(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max)));

    public static void Write(TextWriter writer, EstimatesReport report) => writer.WriteLine(JsonSerializer.Serialize(Of(report), Options));

    public static Task WriteAsync(Stream stream, EstimatesReport report, CancellationToken cancellation) =>
        JsonSerializer.SerializeAsync(stream, Of(report), Options, cancellation);
}
