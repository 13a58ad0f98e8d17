using System.Globalization;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// Solves the PDEs a spec's <see cref="LimitSpec"/> names. Deterministic to the bit (no
/// transcendental whose bits depend on the instruction set, fixed summation order), so every silo
/// and every rerun computes the same solution and the same coupled realisations.
/// Finite volumes on a uniform grid (<see cref="PdeSolver"/>): upwind MUSCL transport, Crank–Nicolson
/// diffusion, exact cell integrals of the kernels, PDE steps of dt / k.
/// </summary>
public static class LimitSolver
{
    /// <summary>Memory a solve may take: densities, snapshots, velocity frames and work arrays, 8 bytes a value.</summary>
    public const long MemoryBudgetBytes = 1L << 30;

    /// <summary>Times a derived box is enlarged (by half its width a side) when its wall layer holds too much mass.</summary>
    private const int Enlargements = 3;

    /// <summary>
    /// Solves <paramref name="equation"/> for the validated <paramref name="spec"/>, keeping the velocity
    /// at every step when <paramref name="keepVelocities"/>.
    /// </summary>
    /// <exception cref="LimitFailureException">The PDE cannot be solved as asked; the message says why.</exception>
    public static LimitSolution Solve(SimulationSpec spec, LimitEquation equation, bool keepVelocities)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var limit = spec.Limit ?? new LimitSpec();
        double h = limit.CellSize ?? LimitGrid.DefaultCellSize(spec.Model);
        if (!(h > 0) || !double.IsFinite(h)) throw new ArgumentException($"limit.cellSize: a positive cell size, found {h}");
        for (int attempt = 0; ; attempt++)
        {
            var grid = limit.Box is null
                ? LimitGrid.Derived(spec.Model, equation, spec.Time.Horizon, h, attempt * 1.0)
                : LimitGrid.Given(limit.Box, h);
            CheckMemory(spec, equation, grid, keepVelocities);
            try
            {
                return PdeSolver.Solve(SpecProblem.Build(spec, equation, grid, keepVelocities));
            }
            catch (BoundaryMassException e) when (limit.Box is null && attempt < Enlargements)
            {
                _ = e; // a derived box: solve again on a larger one
            }
            catch (BoundaryMassException e)
            {
                string advice = limit.Box is null
                    ? $"the derived box was enlarged {Enlargements} times"
                    : "give limit.box more room around the densities (or omit it to derive one)";
                throw new LimitFailureException(equation, string.Create(CultureInfo.InvariantCulture,
                    $"box too small: {e.Message}, over the allowed {1e-6:G3}; {advice}"));
            }
        }
    }

    /// <summary>Refuses, before allocating, a grid whose arrays would pass <see cref="MemoryBudgetBytes"/>.</summary>
    private static void CheckMemory(SimulationSpec spec, LimitEquation equation, UniformGrid grid, bool keepVelocities)
    {
        int n = spec.Model.AllSpecies().Count, d = grid.Dimension;
        long snapshots = spec.Time.OutputSteps().Length + 1;
        long frames = keepVelocities ? spec.Time.StepCount() : 0;
        // Per cell: the snapshots, each frame's d components, and the working state (densities, their
        // backup, face velocities and diffusivities) per species, plus the models' and stepper's scratch.
        long values = (long)grid.CellCount * (n * (snapshots + frames * d + 2 + 2 * d) + 6);
        long bytes = 8 * values;
        if (bytes > MemoryBudgetBytes)
            throw new LimitFailureException(equation, FormattableString.Invariant(
                $"grid too large: {grid.CellCount:N0} cells x {n} species x ({snapshots} snapshots + {frames} velocity frames x {d} axes) ")
                + FormattableString.Invariant($"need {bytes / (1024.0 * 1024.0):F0} MiB, over the {MemoryBudgetBytes / (1024 * 1024)} MiB budget; ")
                + "choose a larger limit.cellSize or a smaller box");
    }
}
