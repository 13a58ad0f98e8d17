using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Reading;

namespace Ensemble.Grains.Failover;

/// <summary>The ids of jobs that may need a coordinator: every job not known to have finished.</summary>
public interface IUnfinishedJobs
{
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellation);
}

/// <summary>On PostgreSQL: the jobs whose last checkpoint was not a terminal one.</summary>
public sealed class ArchivedUnfinishedJobs(IJobArchive archive) : IUnfinishedJobs
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellation) =>
        (await archive.ListJobsAsync(cancellation)).Where(j => !j.Summary.IsTerminal).Select(j => j.Definition.JobId).ToArray();
}

/// <summary>In memory: every job the registry has seen (a finished one only activates and idles away).</summary>
public sealed class RegisteredJobs(IGrainFactory grains) : IUnfinishedJobs
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellation) =>
        (await grains.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).List()).Select(j => j.JobId).ToArray();
}
