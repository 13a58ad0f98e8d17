namespace Ensemble.Simulation.Limits;

/// <summary>
/// A PDE solution at one time: per species, the cell averages of its density on the solution's
/// grid (flattened as <see cref="UniformGrid"/> says). Each species' mass is its integral (1 at t = 0).
/// </summary>
public sealed record LimitSnapshot(int Step, double Time, IReadOnlyList<double[]> Density);
