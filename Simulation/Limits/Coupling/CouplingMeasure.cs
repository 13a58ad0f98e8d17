namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>
/// A synchronous-coupling error between the particle system (process 0) and a coupled limit process, as the
/// papers bound it. X_i^k: particle k of species i; the hat, bar or Y is the same particle in the coupled process.
/// |.| is the Euclidean norm of the particle's d-vector.
/// </summary>
public enum CouplingKind
{
    /// <summary>Theorem 3 (model A): sum_i sup_{s&lt;=t} max_k |X_i^k - Xhat_i^k|. Observable <c>coupling_sup_max_abs</c>.</summary>
    SupMaxAbs,

    /// <summary>Lemma 13 (model A): sum_i sup_{s&lt;=t} max_k |X_i^k - Xbar_i^k|^2. Observable <c>coupling_sup_max_sq</c>.</summary>
    SupMaxSquare,

    /// <summary>
    /// Proposition 1.2 (model B): sum_k (1/N_k) sum_i sup_{s&lt;=t} |X_k^i - Y_k^i|^2 — each particle's running sup,
    /// averaged within its species (exchangeable particles: an unbiased, lower-variance estimate of
    /// sum_k E sup |X_k^i - Y_k^i|^2), summed over species. Observable <c>coupling_sup_sq</c>.
    /// </summary>
    SupSquareAveraged,
}

/// <summary>One coupling error to track: against coupled process <paramref name="Process"/> (1, 2, … in drift order).</summary>
public sealed record CouplingMeasure(int Process, CouplingKind Kind)
{
    /// <summary>The observable's name in estimates, CSV and the database.</summary>
    public string ObservableName => ObservableNameOf(Kind);

    public static string ObservableNameOf(CouplingKind kind) => kind switch
    {
        CouplingKind.SupMaxAbs => "coupling_sup_max_abs",
        CouplingKind.SupMaxSquare => "coupling_sup_max_sq",
        CouplingKind.SupSquareAveraged => "coupling_sup_sq",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown coupling measure"),
    };
}
