using Ensemble.Grains.Interfaces;

namespace Ensemble.Grains.Jobs;

/// <summary>
/// What a job coordinator keeps in Orleans grain state: its identity, how it is dispatched and
/// where it stands. The per-realisation books travel with it only where the
/// <see cref="Persistence.IJobBookStore"/> says so (the in-memory default); with PostgreSQL they
/// live in the service's tables, written a batch at a time.
/// </summary>
[GenerateSerializer, Alias("Ensemble.JobState")]
public sealed class JobState
{
    [Id(0)] public JobDefinition? Definition { get; set; }
    /// <summary>How the job is dispatched (the identity, spec included, is in <see cref="Definition"/> only).</summary>
    [Id(1)] public DispatchSettings? Dispatch { get; set; }
    [Id(2)] public JobStatus Status { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(5)] public string? Message { get; set; }
    [Id(6)] public JobBooks? Books { get; set; }

    /// <summary>The fields whose change must reach grain state even when the books live elsewhere.</summary>
    public (JobStatus, DateTimeOffset?, DateTimeOffset?, string?) Summary => (Status, StartedAt, FinishedAt, Message);
}

/// <summary>The execution side of a <see cref="JobSubmission"/>: window, attempts, per-attempt deadline.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.DispatchSettings")]
public sealed record DispatchSettings(
    [property: Id(0)] int MaxInFlight,
    [property: Id(1)] int MaxAttempts,
    [property: Id(2)] TimeSpan RealisationTimeout)
{
    public static DispatchSettings Of(JobSubmission submission) =>
        new(submission.MaxInFlight, submission.MaxAttempts, submission.RealisationTimeout);
}
