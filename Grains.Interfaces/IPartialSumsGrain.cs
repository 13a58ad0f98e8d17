using Ensemble.Jobs.Partials;
using Orleans.Concurrency;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// The realisations of one job computed on one silo and not yet collected by the job's coordinator (key:
/// <see cref="Key"/>, "jobId/silo"): its realisation grains hand their observables here instead of sending them to the
/// coordinator, which asks for the partial sums of many at once. Placed on the silo its key names; an activation found
/// anywhere else holds nothing and says so.
/// </summary>
[Alias("Ensemble.IPartialSumsGrain")]
public interface IPartialSumsGrain : IGrainWithStringKey
{
    /// <summary>Keeps realisation <paramref name="index"/>'s observables; false if this activation is not on its silo (send them instead).</summary>
    [Alias("Hold")]
    Task<bool> Hold(string specJson, uint index, Immutable<double[]> observables);

    /// <summary>The exact partial sums of those of <paramref name="seeds"/> held here, which are then forgotten; the rest are missing.</summary>
    [Alias("Collect")]
    Task<PartialSums> Collect(uint[] seeds, CancellationToken cancellation = default);

    /// <summary>Forgets everything held: the job is over (seeds beyond a stop, duplicate attempts).</summary>
    [Alias("Release")]
    Task Release();

    public static string Key(string jobId, string silo) => $"{jobId}/{silo}";
}
