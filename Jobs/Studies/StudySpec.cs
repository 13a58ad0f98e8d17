using System.Text.Json.Nodes;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// A convergence study: a base job spec, a grid over one or two parameters (every combination is one point, one
/// ordinary job), R per point, and the estimates whose log-log slope against each grid parameter is fitted.
/// Parsed and validated by <see cref="StudySpecJson"/>; expanded into point jobs by <see cref="StudyGrid"/>.
/// </summary>
public sealed record StudySpec
{
    /// <summary>The study's id from the spec (null: the command line chooses one).</summary>
    public string? Id { get; init; }

    /// <summary>The base job spec as JSON text (canonical: as parsed, re-serialised without comments).</summary>
    public required string BaseSpecJson { get; init; }

    /// <summary>One or two axes; the first varies slowest in the point order.</summary>
    public required IReadOnlyList<StudyAxis> Grid { get; init; }

    /// <summary>Model B's eps tied to N (Carrillo–Guo, Remark 1.4); null when eps is the base's or a grid axis.</summary>
    public EpsTie? TieEps { get; init; }

    /// <summary>R of each point (with a <see cref="Stop"/>: the most R each point may use).</summary>
    public required int Realisations { get; init; }

    public ulong Seed { get; init; } = 1;

    public int MaxInFlight { get; init; } = JobSubmission.DefaultMaxInFlight;

    /// <summary>An early-stop section copied verbatim into each point's job spec (the job layer interprets it), or null.</summary>
    public JsonObject? Stop { get; init; }

    public required IReadOnlyList<FitTarget> Fits { get; init; }
}

/// <summary>One grid axis: a parameter and its values, in the order given.</summary>
public sealed record StudyAxis(StudyParameter Parameter, IReadOnlyList<double> Values);

/// <summary>
/// eps = scale (T / (theta ln N))^(1 / (4 + 2d(m - 1))). Carrillo–Guo's (2.2) bounds Proposition 1.2's error by
/// C(eps, T)/N with C(eps, T) ~ eps^(6 + 2d(m-1)) exp(T / eps^(4 + 2d(m-1))); this eps makes the exponential N^theta,
/// so the bound is ~ N^(theta - 1) times a power of log N and tends to 0 for theta &lt; 1 (Remark 1.4's logarithmic
/// scaling). T is the base spec's horizon, d its dimension, m its exponent.
/// </summary>
public sealed record EpsTie(double Theta, double Scale)
{
    public double EpsFor(int particles, double horizon, int dimension, double exponent) =>
        Scale * Math.Pow(horizon / (Theta * Math.Log(particles)), 1.0 / (4.0 + 2.0 * dimension * (exponent - 1.0)));
}

/// <summary>An estimate to fit: one row of every point's estimates table.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.FitTarget")]
public sealed record FitTarget(
    [property: Id(0)] string Observable,
    [property: Id(1)] string Species,
    [property: Id(2)] double Time,
    [property: Id(3)] string Component)
{
    public override string ToString() => $"{Observable} {Species} t={Time.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} {Component}";
}
