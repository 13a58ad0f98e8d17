using System.Text.Json;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Estimates;

/// <summary>Stores an <see cref="EnsembleAccumulator"/> as JSON: plain arrays of integers, no type names.</summary>
public static class AccumulatorJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Save(EnsembleAccumulator accumulator) => JsonSerializer.Serialize(accumulator.ToState(), Options);

    public static EnsembleAccumulator Load(SimulationSpec spec, string? json) => json is null
        ? new EnsembleAccumulator(spec)
        : EnsembleAccumulator.FromState(spec, JsonSerializer.Deserialize<EnsembleAccumulatorState>(json, Options)!);
}
