namespace Ensemble.Jobs.Contracts;

/// <summary>
/// A job: a spec, R realisations and a master seed (the job's identity), plus how to run it.
/// Resubmitting the same identity under the same job id is idempotent; a different one is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobSubmission")]
public sealed record JobSubmission
{
    /// <summary>The simulation spec as JSON (validated by the coordinator).</summary>
    [Id(0)] public required string SpecJson { get; init; }

    /// <summary>Number of realisations R.</summary>
    [Id(1)] public required int Realisations { get; init; }

    [Id(2)] public ulong MasterSeed { get; init; } = 1;

    [Id(3)] public string? Name { get; init; }

    /// <summary>How many realisations may be dispatched and not yet reported (backpressure window).</summary>
    [Id(4)] public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    public const int DefaultMaxInFlight = 64;

    /// <summary>
    /// The window starts at <see cref="MaxInFlight"/> and grows when realisations wait on commits (see
    /// <c>InFlightWindow</c>); off by default: measured so far it does not beat a fixed window (README, Performance).
    /// </summary>
    [Id(7)] public bool AdaptiveWindow { get; init; }

    /// <summary>Attempts per realisation before an infrastructure fault fails the job.</summary>
    [Id(5)] public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// A realisation not reported within this time is treated as an infrastructure fault and
    /// retried; null takes the silo's default (<c>Ensemble:Dispatch:RealisationTimeout</c>).
    /// </summary>
    [Id(6)] public TimeSpan? RealisationTimeout { get; init; }
}

/// <summary>The job's identity, enough to recompute any realisation from scratch.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobDefinition")]
public sealed record JobDefinition(
    [property: Id(0)] string JobId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string SpecJson,
    [property: Id(3)] int Realisations,
    [property: Id(4)] ulong MasterSeed);

/// <summary>The execution side of a <see cref="JobSubmission"/>: window, attempts, per-attempt deadline.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.DispatchSettings")]
public sealed record DispatchSettings(
    [property: Id(0)] int MaxInFlight,
    [property: Id(1)] int MaxAttempts,
    [property: Id(2)] TimeSpan RealisationTimeout,
    [property: Id(3)] bool AdaptiveWindow = false);

/// <summary>A job in the list of jobs a cluster or database knows.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobListing")]
public sealed record JobListing(
    [property: Id(0)] string JobId,
    [property: Id(1)] string? Name,
    [property: Id(2)] DateTimeOffset SubmittedAt);
