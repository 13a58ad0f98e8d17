using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Reports.Data;

/// <summary>
/// Everything a job's report shows, as plain data read through the same paths as <c>results</c>: the job's identity
/// and canonical spec text, its status, its estimates, its solved limit (empty without one), the spread of single
/// realisations over the first seeds re-run here, and the standard error of chosen estimates against R (with
/// <see cref="ReplayNote"/> saying why, when fewer seeds or none were re-run).
/// </summary>
public sealed record JobReportInput(
    string JobId,
    string SpecText,
    ulong MasterSeed,
    long Realisations,
    string Status,
    bool Partial,
    IReadOnlyList<EstimateRow> Estimates,
    LimitTables Limit,
    RealisationSpread? Spread,
    IReadOnlyList<StandardErrorSeries> StandardErrors,
    string? ReplayNote = null);
