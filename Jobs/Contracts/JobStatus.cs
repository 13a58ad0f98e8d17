namespace Ensemble.Jobs.Contracts;

[GenerateSerializer, Alias("Ensemble.JobStatus")]
public enum JobStatus
{
    /// <summary>Known but not yet dispatching.</summary>
    Queued,
    Running,

    /// <summary>Every realisation has been folded in or recorded as a numerical failure.</summary>
    Completed,

    /// <summary>A realisation kept failing for infrastructure reasons; partial estimates are kept.</summary>
    Failed,

    /// <summary>Stopped on request; partial estimates are kept.</summary>
    Cancelled,
}

/// <summary>
/// Where a job stands in words: its status, why it failed or was cancelled, and when it started
/// and finished. A coordinator writes it to its grain state whenever it changes, so it doubles as
/// the "has storage heard of this yet" marker.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobSummary")]
public sealed record JobSummary(
    [property: Id(0)] JobStatus Status,
    [property: Id(1)] string? Message,
    [property: Id(2)] DateTimeOffset? StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt)
{
    public bool IsTerminal => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}

/// <summary>How many realisations of a job ended which way, and what it cost to get there.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobCounts")]
public sealed record JobCounts(
    [property: Id(0)] int Succeeded,
    [property: Id(1)] int Failed,
    [property: Id(2)] int Abandoned,
    [property: Id(3)] long Retries,
    [property: Id(4)] long DuplicateReports);
