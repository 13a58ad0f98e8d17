using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// Model A, eq. (2) of Chen–Daus–Jüngel: species i feels -sum_j (1/N_j) sum_l grad V_ij^eta(X_i^k - X_j^l),
/// V_ij^eta(x) = eta^-d V_ij(|x|/eta) with integral a_ij, plus noise sqrt(2 sigma_i) dW.
/// </summary>
public sealed record PairwiseModelSpec : ModelSpec
{
    public required IReadOnlyList<PairwiseSpeciesSpec> Species { get; init; }

    /// <summary>The n x n matrix a_ij = integral of V_ij (negative entries: attraction).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Interaction { get; init; }

    /// <summary>One shape for every pair, unless <see cref="Kernels"/> gives one per pair.</summary>
    public KernelShape Kernel { get; init; } = KernelShape.PolynomialBump;

    /// <summary>Optional n x n matrix of shapes, overriding <see cref="Kernel"/>.</summary>
    public IReadOnlyList<IReadOnlyList<KernelShape>>? Kernels { get; init; }

    /// <summary>Interaction radius eta &gt; 0.</summary>
    public required double Eta { get; init; }

    public override IReadOnlyList<SpeciesSpec> AllSpecies() => Species;

    public KernelShape ShapeOf(int i, int j) => Kernels is null ? Kernel : Kernels[i][j];
}

public sealed record PairwiseSpeciesSpec : SpeciesSpec
{
    /// <summary>Diffusion coefficient sigma_i &gt; 0 (noise sqrt(2 sigma_i) dW).</summary>
    public required double Sigma { get; init; }
}
