using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// One limit PDE d_t u_k = sigma_k Lap u_k + div(u_k v_k[u]) ready to solve: the grid, the diffusion
/// coefficients, the transport model, the initial cell averages and the time grid of the coupled
/// processes (the PDE steps divide dt). Built from a spec by <see cref="LimitSolver"/>, or directly from
/// parameters by tests (sigma = 0, densities of any mass, a fixed number of substeps).
/// </summary>
internal sealed record PdeProblem
{
    public required LimitEquation Equation { get; init; }
    public required UniformGrid Grid { get; init; }

    /// <summary>sigma_k &gt;= 0 per species.</summary>
    public required double[] Sigma { get; init; }

    public required IVelocityModel Model { get; init; }

    /// <summary>Cell averages at t = 0, per species (copied, not modified).</summary>
    public required double[][] Initial { get; init; }

    /// <summary>The Euler–Maruyama step of the coupled processes; the PDE step is Dt / k.</summary>
    public required double Dt { get; init; }

    public required int Steps { get; init; }

    /// <summary>Steps (of Dt) whose densities are kept, besides step 0.</summary>
    public required int[] OutputSteps { get; init; }

    public bool KeepVelocities { get; init; }

    /// <summary>A fixed k (PDE steps per Dt) instead of the one chosen from the bounds: for tests of the order in time.</summary>
    public int? Substeps { get; init; }

    /// <summary>Crank–Nicolson (1/2) or backward Euler (1) for the diffusion.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Share of the positivity limits used: the time step is at most this times the largest nonnegative one.</summary>
    public double Safety { get; init; } = 0.5;

    /// <summary>Largest share of a species' mass allowed in the outermost layer of cells at any step (box too small past it).</summary>
    public double BoundaryThreshold { get; init; } = 1e-6;

    /// <summary>Called after every PDE step with its time and the densities (tests: the energy (1.3)).</summary>
    public Action<double, double[][]>? Observer { get; init; }
}
