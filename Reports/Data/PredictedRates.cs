namespace Ensemble.Reports.Data;

/// <summary>
/// The slopes the papers (or, where they are silent, standard theory, said so) predict for an observable against a
/// study parameter, for the reference line of a rate figure. Null where neither predicts one.
/// </summary>
public static class PredictedRates
{
    public static PredictedRate? For(string observable, string component, string parameter) => (observable, parameter.ToLowerInvariant()) switch
    {
        ("coupling_sup_sq", "n") => new(-1.0, "Carrillo–Guo Prop. 1.2: Σ_k E sup|X − Y|² ≤ C(ε, t)/N at fixed ε"),
        ("coupling_sup_max_sq", "n") => new(-1.0, "Chen–Daus–Jüngel Lemma 13: ≤ C(t)/N^(1 − C(t)ε), slope → −1 as ε → 0"),
        ("coupling_sup_max_abs", "eta") when component == "limit" => new(1.0, "Chen–Daus–Jüngel Thm 3: ≤ C(t)η (needs ε log N ≥ η^(−2d−4))"),
        ("coupling_sup_max_abs", "eta") when component == "intermediate" => new(1.0, "Chen–Daus–Jüngel Lemma 14 and Thm 3: ≤ C(t)η"),
        ("weak_error", "n") when component.StartsWith("nonlocal.", StringComparison.Ordinal) =>
            new(-1.0, "weak propagation of chaos O(1/N) at fixed η/ε (standard theory, not a theorem of the papers)"),
        ("weak_error", "eta") when component.StartsWith("local.", StringComparison.Ordinal) =>
            new(1.0, "Chen–Daus–Jüngel Thm 3's O(η) bounds the nonlocal-to-local gap (an upper bound, not a sharp rate)"),
        ("wasserstein_1" or "sliced_wasserstein_1" or "wasserstein_1_floor" or "sliced_wasserstein_1_floor", "n") =>
            new(-0.5, "i.i.d. sampling floor ≈ c N^(−1/2) (standard theory for 1D W1, not a theorem of the papers)"),
        _ => null,
    };
}
