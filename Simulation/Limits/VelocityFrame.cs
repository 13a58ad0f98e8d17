namespace Ensemble.Simulation.Limits;

/// <summary>
/// The transport velocity v_k of a PDE solution at one time, at cell centres: the PDE is
/// d_t u_k = sigma_k Lap u_k + div(u_k v_k), so the limit process driven by it has drift -v_k.
/// Velocity[k][a][cell]: species k, axis a.
/// </summary>
public sealed record VelocityFrame(double Time, IReadOnlyList<double[][]> Velocity);
