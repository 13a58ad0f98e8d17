using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Contracts;

/// <summary>Which estimates to return; null fields match everything.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.EstimateQuery")]
public sealed record EstimateQuery
{
    [Id(0)] public string? Observable { get; init; }

    /// <summary>Species name, or index as text.</summary>
    [Id(1)] public string? Species { get; init; }

    /// <summary>Output time (matched to within 1e-9 relative).</summary>
    [Id(2)] public double? Time { get; init; }
}

/// <summary>
/// Estimates at one moment, as the accumulator's own <see cref="EstimateRow"/>s (the one estimate
/// type from the simulation core to the wire, the tables and the files); <see cref="Partial"/>
/// while the job has not finished.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.EstimatesReport")]
public sealed record EstimatesReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Partial,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] long Realisations,
    [property: Id(4)] EstimateRow[] Rows);
