using Orleans.Concurrency;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// What one silo is computing (key: the silo's address, <c>SiloAddress.ToParsableString()</c>). Placed on the silo its key names
/// and nowhere else, so the answer is that silo's own count; a key naming no active silo is refused, never answered by another.
/// </summary>
[Alias("Ensemble.ISiloWorkloadGrain")]
public interface ISiloWorkloadGrain : IGrainWithStringKey
{
    [Alias("GetWorkload"), ReadOnly]
    Task<SiloWorkload> GetWorkload();
}

/// <summary>
/// A silo's simulation capacity and use: <paramref name="Workers"/> dedicated simulation threads (<c>Ensemble:Workers:Workers</c>,
/// <c>--workers</c>), <paramref name="BusyWorkers"/> of them computing now, and <paramref name="Realisations"/> realisation attempts on
/// this silo (computing, or waiting for a worker or their spec's limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.SiloWorkload")]
public sealed record SiloWorkload(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Workers,
    [property: Id(2)] int BusyWorkers,
    [property: Id(3)] int Realisations);
