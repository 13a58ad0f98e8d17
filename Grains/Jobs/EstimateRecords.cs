using Ensemble.Grains.Interfaces;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Grains.Jobs;

/// <summary>Filters the accumulator's rows by a query and turns them into messages.</summary>
public static class EstimateRecords
{
    public static EstimateRecord[] Select(IEnumerable<EstimateRow> rows, EstimateQuery query) => rows
        .Where(r => query.Observable is null || string.Equals(r.Observable, query.Observable, StringComparison.OrdinalIgnoreCase))
        .Where(r => query.Species is null || string.Equals(r.Species, query.Species, StringComparison.Ordinal))
        .Where(r => query.Time is not { } t || Math.Abs(r.Time - t) <= 1e-9 * Math.Max(1.0, Math.Abs(t)))
        .Select(r => new EstimateRecord(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max))
        .ToArray();

    public static EstimateRow ToRow(EstimateRecord r) =>
        new(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max);
}
