using Ensemble.Simulation.Limits.Reporting;

namespace Ensemble.Jobs.Contracts;

/// <summary>
/// A job's solved limit as the core's own tables (<see cref="LimitTables"/>): the moments rows, the
/// densities and a diagnostics row per equation. Empty for a spec without a limit section, and for a
/// job whose limit could not be solved (then <see cref="Failure"/> says why, as the job's status does).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.LimitReport")]
public sealed record LimitReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] LimitRow[] Moments,
    [property: Id(2)] LimitDensity[] Densities,
    [property: Id(3)] LimitDiagnosticsRow[] Diagnostics,
    [property: Id(4)] string? Failure = null)
{
    public bool HasLimit => Diagnostics.Length > 0;

    public LimitTables Tables => new(Moments, Densities, Diagnostics);

    public static LimitReport None(string jobId, string? failure = null) => new(jobId, [], [], [], failure);

    public static LimitReport From(string jobId, LimitTables tables) =>
        new(jobId, tables.Moments.ToArray(), tables.Densities.ToArray(), tables.Diagnostics.ToArray());
}
