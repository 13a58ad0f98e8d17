using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// Model B, eq. (1.6) of Carrillo–Guo: species k feels
/// -b_k [grad V^eps * (sum_l (a_l/N_l) sum_j V^eps(. - X_l^j))^(m-1)](X_k^i), plus sqrt(2 sigma) dB.
/// </summary>
public sealed record PressureModelSpec : ModelSpec
{
    public required IReadOnlyList<PressureSpeciesSpec> Species { get; init; }

    /// <summary>Porous-medium exponent m &gt;= 2 (real).</summary>
    public required double Exponent { get; init; }

    /// <summary>Common diffusion coefficient sigma &gt; 0.</summary>
    public required double Sigma { get; init; }

    /// <summary>Mollifier radius eps &gt; 0.</summary>
    public required double Eps { get; init; }

    public KernelShape Mollifier { get; init; } = KernelShape.SmoothBump;

    public PressureDriftSpec Drift { get; init; } = new();

    public override IReadOnlyList<SpeciesSpec> AllSpecies() => Species;
}

public sealed record PressureSpeciesSpec : SpeciesSpec
{
    /// <summary>Weight a_k &gt; 0 in the pressure P = (sum a_k rho_k)^(m-1).</summary>
    public required double Weight { get; init; }

    /// <summary>Mobility b_k &gt; 0.</summary>
    public required double Mobility { get; init; }
}

/// <summary>How the nonlinear drift of (1.6) is evaluated.</summary>
public sealed record PressureDriftSpec
{
    public PressureDriftMethod Method { get; init; } = PressureDriftMethod.Grid;

    /// <summary>Grid nodes per eps for <see cref="PressureDriftMethod.Grid"/>: spacing h = eps / resolution.</summary>
    public int GridResolution { get; init; } = 16;
}

public enum PressureDriftMethod
{
    /// <summary>
    /// Quadrature on a uniform grid: the smoothed density is evaluated exactly at the nodes, raised
    /// to m-1, and convolved with grad V^eps by the trapezoidal rule. Any m; error shrinks with h.
    /// </summary>
    Grid,

    /// <summary>m = 2 only: the drift is the pairwise interaction with W^eps = V^eps * V^eps.</summary>
    Pairwise,
}
