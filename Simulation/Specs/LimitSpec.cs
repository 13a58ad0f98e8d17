namespace Ensemble.Simulation.Specs;

/// <summary>
/// The mean-field limits of a spec: which PDEs to solve on a grid, which limit processes to run
/// coupled with the particle system (same initial points, same Brownian increments), and the grid.
/// Absent from a spec, nothing changes: the same realisations, bit for bit.
/// </summary>
public sealed record LimitSpec
{
    /// <summary>Which PDEs to solve: model A (4) and (1), model B (1.5) and (1.1). Default: both.</summary>
    public IReadOnlyList<LimitEquation> Equations { get; init; } = [LimitEquation.Nonlocal, LimitEquation.Local];

    /// <summary>
    /// Limit processes to run beside the particles: model A intermediate (3) (drift from the nonlocal
    /// solution) and limit (5) (from the local one); model B nonlinear (1.7) (from the nonlocal one).
    /// Each needs its equation among <see cref="Equations"/>.
    /// </summary>
    public IReadOnlyList<CoupledProcess> Coupled { get; init; } = [];

    /// <summary>Grid spacing h, the same on every axis; when null the solver's default for the spec.</summary>
    public double? CellSize { get; init; }

    /// <summary>The computational box; when null derived from the initial laws and the horizon.</summary>
    public LimitBoxSpec? Box { get; init; }

    /// <summary>
    /// The joint histogram of the tagged pair's first coordinates (Corollary 1.11, M = 2); none when
    /// null. Needs two tagged particles.
    /// </summary>
    public PairHistogramSpec? PairHistogram { get; init; }
}

public enum LimitEquation
{
    /// <summary>Model A (4) at the spec's eta; model B (1.5) at the spec's eps.</summary>
    Nonlocal,

    /// <summary>Model A (1); model B (1.1).</summary>
    Local,
}

public enum CoupledProcess
{
    /// <summary>Model A (3): drift -sum_j grad V_ij^eta * u_eta,j from the nonlocal solution.</summary>
    Intermediate,

    /// <summary>Model A (5): drift -sum_j a_ij grad u_j from the local solution.</summary>
    Limit,

    /// <summary>Model B (1.7): drift -b_k grad V^eps * (sum_l a_l V^eps * rho_l)^(m-1) from the nonlocal solution.</summary>
    Nonlinear,
}

/// <summary>An axis-aligned box [lower, upper] with no-flux walls.</summary>
public sealed record LimitBoxSpec
{
    public required IReadOnlyList<double> Lower { get; init; }
    public required IReadOnlyList<double> Upper { get; init; }
}

/// <summary>B x B bins of [lower, upper] for the first coordinates of tagged particles 0 and 1.</summary>
public sealed record PairHistogramSpec
{
    public required double Lower { get; init; }
    public required double Upper { get; init; }
    public int Bins { get; init; } = 8;
}
