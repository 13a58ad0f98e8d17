namespace Ensemble.Grains.Interfaces;

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
    [Id(4)] public int MaxInFlight { get; init; } = 64;

    /// <summary>Attempts per realisation before an infrastructure fault fails the job.</summary>
    [Id(5)] public int MaxAttempts { get; init; } = 5;

    /// <summary>A realisation not reported within this time is treated as an infrastructure fault and retried.</summary>
    [Id(6)] public TimeSpan RealisationTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
