using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Simulation.Specs;

namespace Ensemble.Tests.Persistence;

/// <summary>The coordinator state the book-store tests save with: a running job of three seeds, master seed 7.</summary>
internal static class StoredJobStates
{
    public static JobState Running(string jobId, string name, SimulationSpec spec) => new()
    {
        Definition = new JobDefinition(jobId, name, SpecJson.Serialize(spec), 3, 7),
        Dispatch = new DispatchSettings(4, 5, TimeSpan.FromMinutes(1)),
        Status = JobStatus.Running,
    };
}
