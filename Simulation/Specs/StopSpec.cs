namespace Ensemble.Simulation.Specs;

/// <summary>
/// Early stop at a target standard error: the job folds seeds 0, 1, 2, ... in index order and ends
/// at the smallest prefix R' (at least <see cref="MinRealisations"/>, at most the job's R) whose
/// estimate of the named scalar has se &lt;= <see cref="TargetSe"/> (or se / |mean| &lt;=
/// <see cref="RelativeSe"/>). Which seeds are folded is decided by index, never by completion order,
/// so a rerun gives the same R' and the same bits. Exactly one of the two targets is given.
/// Realisations are computed exactly as without it; only the job's coordinator reads it.
/// </summary>
public sealed record StopSpec
{
    /// <summary>
    /// Below about 30 realisations the sample standard deviation is itself too noisy to trust (its
    /// relative error is about 1/sqrt(2(R - 1)), 13% at R = 32), so a lucky small se would stop a job
    /// early and bias it; 32 is also a point of the se-vs-R history (powers of two).
    /// </summary>
    public const int DefaultMinRealisations = 32;

    /// <summary>A per-realisation estimate row: <c>mean</c>, <c>covariance</c>, <c>test_function</c>, <c>weak_error</c>, ...</summary>
    public required string Observable { get; init; }

    /// <summary>The species' name (or index when it has none), or <c>all</c> for the joint rows (coupling errors).</summary>
    public required string Species { get; init; }

    /// <summary>One of the spec's output times.</summary>
    public required double Time { get; init; }

    public required string Component { get; init; }

    /// <summary>Stop once se &lt;= this.</summary>
    public double? TargetSe { get; init; }

    /// <summary>Stop once se / |mean| &lt;= this.</summary>
    public double? RelativeSe { get; init; }

    public int MinRealisations { get; init; } = DefaultMinRealisations;
}
