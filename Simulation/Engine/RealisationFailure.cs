namespace Ensemble.Simulation.Engine;

/// <summary>
/// Why a realisation stopped: a numerical blow-up is data, reported with where it happened, and
/// never turned into observables.
/// </summary>
/// <param name="Step">The step whose result was bad (1-based: the state at time Step * dt).</param>
/// <param name="Species">Species of the first bad particle, or -1 if the failure is not per particle.</param>
/// <param name="Particle">Index of the first bad particle within its species, or -1.</param>
/// <param name="Process">Which of coupled processes failed (0 for a single run).</param>
public sealed record RealisationFailure(int Step, double Time, int Species, int Particle, int Process, string Reason);

/// <summary>Thrown by a drift that cannot be evaluated (e.g. a grid too large for a blown-up cloud).</summary>
internal sealed class SimulationFailureException(string reason) : Exception(reason);
