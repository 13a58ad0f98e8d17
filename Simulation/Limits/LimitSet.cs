using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// Every PDE a spec's <see cref="LimitSpec"/> asks for, solved once (a job solves it once per silo
/// and shares it among all its realisations). Velocities are kept only for the equations a coupled
/// process reads its drift from: the nonlocal one for processes (3) and (1.7), the local one for (5).
/// </summary>
public sealed class LimitSet
{
    private LimitSet(IReadOnlyList<LimitSolution> solutions) => Solutions = solutions;

    /// <summary>No limit section: no solutions.</summary>
    public static LimitSet None { get; } = new([]);

    public IReadOnlyList<LimitSolution> Solutions { get; }

    /// <summary>Solves every equation of a validated spec's limit section, in the section's order.</summary>
    /// <exception cref="LimitFailureException">One of them cannot be solved; nothing else is returned.</exception>
    public static LimitSet Solve(SimulationSpec spec)
    {
        if (spec.Limit is not { } limit) return None;
        var solutions = limit.Equations
            .Select(equation => LimitSolver.Solve(spec, equation, NeedsVelocities(limit, equation)))
            .ToArray();
        return new LimitSet(solutions);
    }

    /// <summary>The solution of <paramref name="equation"/>, or null when the spec did not ask for it.</summary>
    public LimitSolution? Of(LimitEquation equation) => Solutions.FirstOrDefault(s => s.Equation == equation);

    /// <summary>The equation whose solution drives a coupled process.</summary>
    public static LimitEquation DrivingEquation(CoupledProcess process) =>
        process == CoupledProcess.Limit ? LimitEquation.Local : LimitEquation.Nonlocal;

    private static bool NeedsVelocities(LimitSpec limit, LimitEquation equation) =>
        (limit.Coupled ?? []).Any(p => DrivingEquation(p) == equation);
}
