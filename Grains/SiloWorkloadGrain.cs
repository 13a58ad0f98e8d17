using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Placement;
using Ensemble.Grains.Runtime;

namespace Ensemble.Grains;

/// <summary>Answers for the silo it lives on (its key; see <see cref="NamedSiloPlacement"/>): workers and realisations in flight.</summary>
[NamedSiloPlacement]
public sealed class SiloWorkloadGrain(SimulationWorkerPool workers, SiloRealisations realisations, ILocalSiloDetails silo) : Grain, ISiloWorkloadGrain
{
    public Task<SiloWorkload> GetWorkload()
    {
        string here = silo.SiloAddress.ToParsableString();
        // Placement guarantees it; a mismatch would make the operations page show one silo's load under another's name.
        if (here != this.GetPrimaryKeyString()) throw new InvalidOperationException($"the workload grain of {this.GetPrimaryKeyString()} is on {here}");
        return Task.FromResult(new SiloWorkload(here, workers.Workers, workers.BusyWorkers, realisations.Running));
    }
}
