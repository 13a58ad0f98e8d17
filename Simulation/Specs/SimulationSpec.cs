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

    /// <summary>The mean-field limits to compute beside the particles; none when null (see <see cref="LimitSpec"/>).</summary>
    public LimitSpec? Limit { get; init; }

    /// <summary>Early stop at a target standard error (see <see cref="StopSpec"/>); the job runs to its R when null.</summary>
    public StopSpec? Stop { get; init; }
}
