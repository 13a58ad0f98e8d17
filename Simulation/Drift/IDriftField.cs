using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// The deterministic part b(X, t) of dX = b dt + sqrt(2 sigma) dW. The particle systems (2) and
/// (1.6) implement it from the empirical measure; a PDE-driven drift (processes (3), (5), (1.7))
/// can implement it from a solution on a grid, and run coupled with the same noise.
/// Implementations must be deterministic: the same positions give the same drift to the bit,
/// whatever the thread count.
/// </summary>
internal interface IDriftField
{
    /// <summary>Writes the drift of every particle into <paramref name="drift"/> (same layout as positions).</summary>
    void Evaluate(ParticleVectors positions, double time, ParticleVectors drift);
}
