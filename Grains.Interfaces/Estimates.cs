namespace Ensemble.Grains.Interfaces;

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

/// <summary>One tidy estimate: CSV columns observable,species,time,component,count,mean,se,ci_low,ci_high,min,max.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.EstimateRecord")]
public sealed record EstimateRecord(
    [property: Id(0)] string Observable,
    [property: Id(1)] string Species,
    [property: Id(2)] double Time,
    [property: Id(3)] string Component,
    [property: Id(4)] long Count,
    [property: Id(5)] double Mean,
    [property: Id(6)] double StandardError,
    [property: Id(7)] double CiLow,
    [property: Id(8)] double CiHigh,
    [property: Id(9)] double Min,
    [property: Id(10)] double Max);

/// <summary>Estimates at one moment; <see cref="Partial"/> while the job has not finished.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.EstimatesReport")]
public sealed record EstimatesReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Partial,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] long Realisations,
    [property: Id(4)] EstimateRecord[] Rows);
