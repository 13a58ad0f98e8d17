using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains;

/// <summary>Remembers every job submitted to the cluster, for <c>list</c>.</summary>
public sealed class JobRegistryGrain(
    [PersistentState("registry", EnsembleStorage.Jobs)] IPersistentState<JobRegistryState> state) : Grain, IJobRegistryGrain
{
    public async Task Register(string jobId, string? name, DateTimeOffset submittedAt)
    {
        if (state.State.Jobs.Any(j => j.JobId == jobId)) return;
        state.State.Jobs.Add(new JobListing(jobId, name, submittedAt));
        await state.WriteStateAsync();
    }

    public Task<JobListing[]> List() => Task.FromResult(state.State.Jobs.OrderBy(j => j.SubmittedAt).ToArray());
}

[GenerateSerializer, Alias("Ensemble.JobRegistryState")]
public sealed class JobRegistryState
{
    [Id(0)] public List<JobListing> Jobs { get; set; } = [];
}
