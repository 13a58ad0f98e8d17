namespace Ensemble.Grains.Interfaces;

/// <summary>What a realisation grain is asked to compute: realisation <see cref="Index"/> of a spec.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationAssignment")]
public sealed record RealisationAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] string SpecJson,
    [property: Id(2)] ulong MasterSeed,
    [property: Id(3)] uint Index,
    [property: Id(4)] int Attempt)
{
    /// <summary>Keep a success's observables in this silo's <see cref="IPartialSumsGrain"/> and report it as held.</summary>
    [Id(5)] public bool HoldObservables { get; init; }

    /// <summary>With <see cref="HoldObservables"/>: the flattened index of the job's prefix estimate, whose value the report carries.</summary>
    [Id(6)] public int? TargetIndex { get; init; }
}
