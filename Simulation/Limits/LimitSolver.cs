using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// Solves the PDEs a spec's <see cref="LimitSpec"/> names. Deterministic to the bit (no
/// transcendental whose bits depend on the instruction set, fixed summation order), so every silo
/// and every rerun computes the same solution and the same coupled realisations.
/// </summary>
public static class LimitSolver
{
    /// <summary>
    /// Solves <paramref name="equation"/> for the validated <paramref name="spec"/>, keeping the velocity
    /// at every step when <paramref name="keepVelocities"/>.
    /// </summary>
    /// <exception cref="LimitFailureException">The PDE cannot be solved as asked; the message says why.</exception>
    public static LimitSolution Solve(SimulationSpec spec, LimitEquation equation, bool keepVelocities) =>
        throw new NotImplementedException("the PDE solvers are being built (issue 12)");
}
