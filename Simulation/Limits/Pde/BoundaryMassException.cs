namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// The outermost layer of cells holds more than the allowed share of a species' mass: the walls are close
/// enough to change the solution. <see cref="LimitSolver"/> enlarges a derived box and solves again; for a
/// box the spec gives, it is the failure "box too small".
/// </summary>
internal sealed class BoundaryMassException(double time, int species, double share)
    : Exception($"at t = {time:G6} species {species} has {share:G3} of its mass in the outermost layer of cells")
{
    public double Time { get; } = time;
    public int Species { get; } = species;
    public double Share { get; } = share;
}
