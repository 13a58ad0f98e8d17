using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Storage.Jobs;

/// <summary>A job as the <c>ensemble.jobs</c> table holds it.</summary>
public sealed record JobRow(
    string JobId,
    string? Name,
    string SpecText,
    ulong MasterSeed,
    int Realisations,
    int MaxInFlight,
    int MaxAttempts,
    TimeSpan RealisationTimeout,
    JobStatus Status,
    string? Message,
    int Succeeded,
    int Failed,
    int Abandoned,
    long Retries,
    long DuplicateReports,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? SubmittedAt = null);

/// <summary>A recorded realisation as the <c>ensemble.realisations</c> table holds it.</summary>
public sealed record RealisationRow(
    uint Index,
    RealisationState State,
    int Attempts,
    string? Silo,
    double? DurationMs,
    ulong Checksum,
    string? FailureReason);

/// <summary>
/// What one coordinator checkpoint writes, in one transaction: the job's row, the realisations
/// recorded since the previous checkpoint, the accumulator that counts them, and (now and then)
/// the estimates as tidy rows.
/// </summary>
public sealed record CheckpointRows(
    JobRow Job,
    IReadOnlyList<RealisationRow> Realisations,
    long Folded,
    string Accumulator,
    IReadOnlyList<EstimateRow>? Estimates)
{
    /// <summary>The prefix tracker (its JSON) and its history (migration 007), when the job has one.</summary>
    public (string Tracker, PrefixHistory History)? Prefix { get; init; }
}

/// <summary>The saved accumulator of a job and how many realisations it holds.</summary>
public sealed record AggregateRow(long Realisations, string Accumulator, DateTimeOffset UpdatedAt);
