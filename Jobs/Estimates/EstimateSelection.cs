using System.Globalization;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Estimates;

/// <summary>
/// Filters the accumulator's rows by a query. A filter that matches nothing the job has is
/// refused, naming the field and the values it could take, rather than answered with an empty table.
/// </summary>
public static class EstimateSelection
{
    public static EstimateRow[] Select(IReadOnlyList<EstimateRow> rows, EstimateQuery query, IReadOnlyList<string> speciesLabels)
    {
        string? species = query.Species is { } s ? SpeciesLabel(s, speciesLabels) : null;
        if (query.Observable is { } observable && !rows.Any(r => string.Equals(r.Observable, observable, StringComparison.OrdinalIgnoreCase)))
            throw Refused("observable", $"one of {string.Join(", ", rows.Select(r => r.Observable).Distinct())}; found '{observable}'");
        if (query.Time is { } time && !rows.Any(r => SameTime(r.Time, time)))
            throw Refused("time", $"an output time of the job ({string.Join(", ", rows.Select(r => r.Time).Distinct().Select(Format))}); found {Format(time)}");
        return rows
            .Where(r => query.Observable is null || string.Equals(r.Observable, query.Observable, StringComparison.OrdinalIgnoreCase))
            .Where(r => species is null || r.Species == species)
            .Where(r => query.Time is not { } t || SameTime(r.Time, t))
            .ToArray();
    }

    /// <summary>The estimates of an accumulator that match a query.</summary>
    public static EstimatesReport Report(string jobId, EnsembleAccumulator accumulator, EstimateQuery query, bool partial, JobStatus status) =>
        new(jobId, partial, status, accumulator.Count, Select(accumulator.Estimates(), query, accumulator.SpeciesLabels));

    /// <summary>A species by name, or by index in the spec.</summary>
    private static string SpeciesLabel(string wanted, IReadOnlyList<string> labels)
    {
        if (labels.Contains(wanted)) return wanted;
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < labels.Count) return labels[index];
        throw Refused("species", $"a species name ({string.Join(", ", labels)}) or index (0 to {labels.Count - 1}); found '{wanted}'");
    }

    private static JobRejectedException Refused(string field, string reason) => new(ErrorKind.InvalidRequest, field, reason);

    private static bool SameTime(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Abs(b));

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
