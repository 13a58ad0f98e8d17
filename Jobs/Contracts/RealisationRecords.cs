namespace Ensemble.Jobs.Contracts;

/// <summary>
/// A realisation's outcome as computed. A numerical failure is a normal report (Succeeded = false,
/// with its reason); only infrastructure faults are exceptions. <see cref="Observables"/> is the
/// flattened vector that the job's accumulator folds in.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationReport")]
public sealed record RealisationReport(
    [property: Id(0)] uint Index,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] ulong Checksum,
    [property: Id(3)] double[]? Observables,
    [property: Id(4)] string? FailureReason,
    [property: Id(5)] string Silo,
    [property: Id(6)] double Milliseconds)
{
    /// <summary>
    /// Succeeded, and its observables stay on the silo named by <see cref="Silo"/>, in the job's partial sums
    /// there (<see cref="Observables"/> is null): the coordinator collects them with others in one partial.
    /// </summary>
    [Id(7)] public bool Held { get; init; }

    /// <summary>With <see cref="Held"/>, the realisation's value of the job's prefix estimate (the stop rule's): all the coordinator needs per seed.</summary>
    [Id(8)] public double? TargetValue { get; init; }
}

[GenerateSerializer, Alias("Ensemble.RealisationState")]
public enum RealisationState : byte
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    Abandoned = 3,
}

/// <summary>
/// What the job recorded about one realisation (for reruns, debugging and the tables). Where and
/// how long it ran (<see cref="Silo"/>, <see cref="Milliseconds"/>) is known when it was just
/// recorded or read from the database; a coordinator's in-memory books do not keep it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationRecord")]
public sealed record RealisationRecord(
    [property: Id(0)] uint Index,
    [property: Id(1)] RealisationState State,
    [property: Id(2)] ulong Checksum,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string? FailureReason)
{
    [Id(5)] public string? Silo { get; init; }
    [Id(6)] public double? Milliseconds { get; init; }
}
