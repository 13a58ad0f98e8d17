namespace Ensemble.Reports.Data;

/// <summary>
/// How single realisations scatter (not how precise the ensemble mean is): per scalar, the
/// <see cref="LowerQuantile"/> and <see cref="UpperQuantile"/> quantiles and the median over the first
/// <see cref="Seeds"/> seeds, re-run bit for bit from (spec, master seed, index). <see cref="Reproduced"/> of them
/// matched the job's recorded checksums (null when the records were not available to compare).
/// </summary>
public sealed record RealisationSpread(int Seeds, double LowerQuantile, double UpperQuantile, IReadOnlyList<SpreadRow> Rows, int? Reproduced = null)
{
    public SpreadRow? Find(string observable, string species, double time, string component) =>
        Rows.FirstOrDefault(r => r.Observable == observable && r.Species == species && r.Component == component && SameTime(r.Time, time));

    internal static bool SameTime(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Abs(a));
}

/// <summary>One scalar's quantiles over the re-run seeds.</summary>
public sealed record SpreadRow(string Observable, string Species, double Time, string Component, double Lower, double Median, double Upper);
