using System.Globalization;
using Ensemble.Grains.Interfaces;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Grains.Jobs;

/// <summary>
/// Filters the accumulator's rows by a query and turns them into messages. A filter that matches
/// nothing the job has is refused, naming the field and the values it could take, rather than
/// answered with an empty table.
/// </summary>
public static class EstimateRecords
{
    public static EstimateRecord[] Select(IReadOnlyList<EstimateRow> rows, EstimateQuery query, IReadOnlyList<string> speciesLabels)
    {
        string? species = query.Species is { } s ? SpeciesLabel(s, speciesLabels) : null;
        if (query.Observable is { } observable && !rows.Any(r => string.Equals(r.Observable, observable, StringComparison.OrdinalIgnoreCase)))
            throw new JobRejectedException("observable", $"one of {string.Join(", ", rows.Select(r => r.Observable).Distinct())}; found '{observable}'");
        if (query.Time is { } time && !rows.Any(r => SameTime(r.Time, time)))
            throw new JobRejectedException("time", $"an output time of the job ({string.Join(", ", rows.Select(r => r.Time).Distinct().Select(Format))}); found {Format(time)}");
        return rows
            .Where(r => query.Observable is null || string.Equals(r.Observable, query.Observable, StringComparison.OrdinalIgnoreCase))
            .Where(r => species is null || r.Species == species)
            .Where(r => query.Time is not { } t || SameTime(r.Time, t))
            .Select(r => new EstimateRecord(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max))
            .ToArray();
    }

    public static EstimateRow ToRow(EstimateRecord r) =>
        new(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max);

    /// <summary>A species by name, or by index in the spec.</summary>
    private static string SpeciesLabel(string wanted, IReadOnlyList<string> labels)
    {
        if (labels.Contains(wanted)) return wanted;
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < labels.Count) return labels[index];
        throw new JobRejectedException("species", $"a species name ({string.Join(", ", labels)}) or index (0 to {labels.Count - 1}); found '{wanted}'");
    }

    private static bool SameTime(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Abs(b));

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
