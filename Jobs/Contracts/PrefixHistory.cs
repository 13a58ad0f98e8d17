namespace Ensemble.Jobs.Contracts;

/// <summary>
/// One estimate over the first <paramref name="Realisations"/> seeds (0 .. Realisations - 1) of a job:
/// <paramref name="Count"/> of them succeeded and were folded in (failed ones are recorded, not folded),
/// with the mean and se of that fold (NaN where they cannot be estimated).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.PrefixPoint")]
public sealed record PrefixPoint(
    [property: Id(0)] int Realisations,
    [property: Id(1)] long Count,
    [property: Id(2)] double Mean,
    [property: Id(3)] double StandardError);

/// <summary>
/// The history of one estimate over prefixes of seeds, for the report's "standard error vs R" plot:
/// the fold of seeds 0 .. n - 1 at n = 8, 16, 32, ... (powers of two) and at the job's final n,
/// deterministic by construction (a point depends only on the seeds below it). The estimate is the
/// stop rule's, or without one the first species' mean x at the last output time. Without a stop rule
/// (<see cref="TargetSe"/> and <see cref="RelativeSe"/> null) <see cref="MinRealisations"/> is null too.
/// </summary>
/// <param name="Realisations">The job's R (the most it may fold).</param>
/// <param name="Frontier">Seeds 0 .. Frontier - 1 are folded into the history so far.</param>
/// <param name="StoppedAt">R', when the stop rule's target was met; null while it is not (or without a rule).</param>
[GenerateSerializer, Immutable, Alias("Ensemble.PrefixHistory")]
public sealed record PrefixHistory(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Observable,
    [property: Id(2)] string Species,
    [property: Id(3)] double Time,
    [property: Id(4)] string Component,
    [property: Id(5)] double? TargetSe,
    [property: Id(6)] double? RelativeSe,
    [property: Id(7)] int? MinRealisations,
    [property: Id(8)] int Realisations,
    [property: Id(9)] int Frontier,
    [property: Id(10)] int? StoppedAt,
    [property: Id(11)] PrefixPoint[] Points);
