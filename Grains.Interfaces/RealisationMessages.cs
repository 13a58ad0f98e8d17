namespace Ensemble.Grains.Interfaces;

/// <summary>What a realisation grain is asked to compute: realisation <see cref="Index"/> of a spec.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationAssignment")]
public sealed record RealisationAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] string SpecJson,
    [property: Id(2)] ulong MasterSeed,
    [property: Id(3)] uint Index,
    [property: Id(4)] int Attempt);

/// <summary>
/// A realisation's outcome. A numerical failure is a normal report (Succeeded = false, with its
/// reason); only infrastructure faults are exceptions. <see cref="Observables"/> is the flattened
/// vector that the job's accumulator folds in.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationReport")]
public sealed record RealisationReport(
    [property: Id(0)] uint Index,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] ulong Checksum,
    [property: Id(3)] double[]? Observables,
    [property: Id(4)] string? FailureReason,
    [property: Id(5)] string Silo,
    [property: Id(6)] double Milliseconds);

[GenerateSerializer, Alias("Ensemble.RealisationState")]
public enum RealisationState : byte
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    Abandoned = 3,
}

/// <summary>What the job recorded about one realisation (for reruns and debugging).</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationRecord")]
public sealed record RealisationRecord(
    [property: Id(0)] uint Index,
    [property: Id(1)] RealisationState State,
    [property: Id(2)] ulong Checksum,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string? FailureReason);

/// <summary>The job's identity, enough to recompute any realisation from scratch.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobDefinition")]
public sealed record JobDefinition(
    [property: Id(0)] string JobId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string SpecJson,
    [property: Id(3)] int Realisations,
    [property: Id(4)] ulong MasterSeed);
