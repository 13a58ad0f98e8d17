namespace Ensemble.Simulation.Specs;

/// <summary>
/// Everything that determines a realisation apart from its seed: the particle model, the time grid
/// and what to observe. Immutable; checked once by <see cref="SpecValidator"/> before any work.
/// </summary>
public sealed record SimulationSpec
{
    public required ModelSpec Model { get; init; }
    public required TimeGridSpec Time { get; init; }
    public ObservablesSpec Observables { get; init; } = new();
}
