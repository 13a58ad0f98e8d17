using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Service.Limits;

/// <summary>
/// Limits for the service's tests: solutions built by hand (no PDE solver needed) to test the
/// tables, storage and files; small specs with a limit section; and whether the whole pipeline
/// (the solver on another branch, the engine's limit observables) has landed, for the tests that
/// need a real solve — they are skipped, saying so, until it has.
/// </summary>
public static class LimitSamples
{
    /// <summary>A positive, uneven density on every cell (mass about 1), different per species and time.</summary>
    public static double[] Density(UniformGrid grid, int species, int time)
    {
        var values = new double[grid.CellCount];
        for (int c = 0; c < grid.CellCount; c++) values[c] = (1.0 + 0.37 * ((c * 7 + species * 3 + time) % 5)) / 3.0;
        double mass = values.Sum() * grid.CellVolume;
        for (int c = 0; c < grid.CellCount; c++) values[c] /= mass;
        return values;
    }

    public static LimitSolution Solution(LimitEquation equation, UniformGrid grid, int species, params double[] times)
    {
        var snapshots = times.Select((t, i) => new LimitSnapshot(i * 10, t,
            Enumerable.Range(0, species).Select(k => Density(grid, k, i)).ToArray())).ToArray();
        var diagnostics = new LimitDiagnostics
        {
            Steps = 40, TimeStep = 2.5e-4, Convolution = equation == LimitEquation.Nonlocal ? "fft" : "none",
            MassDrift = 3e-16, MassAtBoundary = 1.5e-9, MinimumDensity = 0.1, ElapsedSeconds = 0.25,
        };
        return new LimitSolution(equation, grid, snapshots, null, diagnostics);
    }

    /// <summary>Two equations on 2-D grids of 3 x 2 and 4 x 3 cells, two species, three times.</summary>
    public static LimitTables TwoDimensional(params string[] labels) => LimitTables.Of(
    [
        Solution(LimitEquation.Nonlocal, new UniformGrid([-1.5, -1.0], [3, 2], 1.0), 2, 0.0, 0.05, 0.1),
        Solution(LimitEquation.Local, new UniformGrid([-1.0, -0.75], [4, 3], 0.5), 2, 0.0, 0.05, 0.1),
    ], labels.Length > 0 ? labels : ["u1", "u2"]);

    /// <summary>
    /// Model A in d = 1 whose local system (1) is not parabolic at t = 0: sigma + a u = 0.5 - 40 x 0.8 &lt; 0 at the
    /// Gaussian's peak (variance 0.25, so u(0) ~ 0.8); the particle system itself is harmless for its few steps.
    /// </summary>
    public static SimulationSpec Unsolvable() =>
        SpecValidator.Validate(TestSpecs.Pairwise(1, 6, [[-40.0]], eta: 0.4, steps: 4) with
        {
            Limit = new LimitSpec { Equations = [LimitEquation.Local], CellSize = 0.1 },
        });

    /// <summary>A small model A spec in d = 1 solving both equations on a coarse grid.</summary>
    public static SimulationSpec Solvable() =>
        SpecValidator.Validate(TestSpecs.Pairwise(1, 8, [[0.5, 0.2], [0.2, 0.5]], eta: 0.4, steps: 4) with
        {
            Time = new TimeGridSpec { Dt = 1e-3, Horizon = 4e-3, OutputTimes = [0.0, 2e-3, 4e-3] },
            Limit = new LimitSpec { Equations = [LimitEquation.Nonlocal, LimitEquation.Local], CellSize = 0.1 },
        });
}
