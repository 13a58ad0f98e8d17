using Ensemble.Grains.Interfaces;

namespace Ensemble.Grains.Jobs;

/// <summary>
/// Everything a job coordinator persists: its identity, per-realisation bookkeeping (state,
/// attempts, checksum) and the accumulator of the estimates, saved together so that a realisation
/// is never counted in one and missing from the other.
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

    /// <summary>One <see cref="RealisationState"/> per realisation.</summary>
    [Id(6)] public byte[] States { get; set; } = [];

    [Id(7)] public ulong[] Checksums { get; set; } = [];
    [Id(8)] public byte[] Attempts { get; set; } = [];
    [Id(9)] public Dictionary<uint, string> Failures { get; set; } = [];
    [Id(10)] public long Retries { get; set; }

    /// <summary>The accumulator's state as JSON (see <see cref="AccumulatorJson"/>).</summary>
    [Id(11)] public string? Accumulator { get; set; }

    /// <summary>Reports that arrived for a realisation already recorded (ignored, counted for diagnosis).</summary>
    [Id(12)] public long DuplicateReports { get; set; }
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
