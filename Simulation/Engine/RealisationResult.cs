using Ensemble.Simulation.Observables;

namespace Ensemble.Simulation.Engine;

/// <summary>
/// The outcome of one realisation: observables at each output time and the checksum of the final
/// state, or — if it blew up — the failure and nothing else, so no NaN ever passes for a result.
/// </summary>
public sealed record RealisationResult(
    RealisationSeed Seed,
    ulong Checksum,
    IReadOnlyList<ObservableSnapshot> Snapshots,
    RealisationFailure? Failure)
{
    public bool Succeeded => Failure is null;

    public static RealisationResult Failed(RealisationSeed seed, RealisationFailure failure) => new(seed, 0, [], failure);
}
