using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Ensemble.Grains.Placement;

/// <summary>
/// Places a grain on the silo whose address (<c>SiloAddress.ToParsableString()</c>) is the grain's key, and refuses to place it
/// anywhere else: a per-silo question (<see cref="SiloWorkloadGrain"/>) must be answered by that silo, not by whichever one
/// placement would pick. When that silo is gone the call fails, which the caller reads as "no answer from it".
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Ensemble.NamedSiloPlacement")]
public sealed class NamedSiloPlacement : PlacementStrategy
{
    internal static NamedSiloPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NamedSiloPlacementAttribute() : PlacementAttribute(NamedSiloPlacement.Instance);

public sealed class NamedSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null ? Task.FromResult(silo) : throw new OrleansException($"no active silo {key} to place a per-silo grain on");
    }
}
