using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Contracts;

/// <summary>
/// The wire form of the simulation core's <see cref="EstimateRow"/>, which knows nothing of
/// Orleans: estimates travel as the core's own type, through this surrogate.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.EstimateRow")]
public readonly record struct EstimateRowSurrogate(
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

[RegisterConverter]
public sealed class EstimateRowConverter : IConverter<EstimateRow, EstimateRowSurrogate>
{
    public EstimateRow ConvertFromSurrogate(in EstimateRowSurrogate s) =>
        new(s.Observable, s.Species, s.Time, s.Component, s.Count, s.Mean, s.StandardError, s.CiLow, s.CiHigh, s.Min, s.Max);

    public EstimateRowSurrogate ConvertToSurrogate(in EstimateRow r) =>
        new(r.Observable, r.Species, r.Time, r.Component, r.Count, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max);
}
