namespace Ensemble.Jobs.Partials;

/// <summary>
/// What a silo sends its job's coordinator for the realisations it holds: the exact sums of those named in
/// <see cref="Seeds"/> (<see cref="PartialSumsCodec"/>), and the seeds asked for that it no longer holds
/// (<see cref="Missing"/>: its buffer was lost with an earlier activation), which the coordinator dispatches again.
/// The per-seed records (checksum, status, duration) reached the coordinator already, with each realisation's reply.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.PartialSums")]
public sealed record PartialSums(
    [property: Id(0)] uint[] Seeds,
    [property: Id(1)] uint[] Missing,
    [property: Id(2)] byte[] Sums)
{
    /// <summary>Nothing held: every seed asked for is missing.</summary>
    public static PartialSums NoneOf(uint[] seeds) => new([], seeds, []);
}
