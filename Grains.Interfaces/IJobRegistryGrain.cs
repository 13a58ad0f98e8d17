using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains.Interfaces;

/// <summary>The list of jobs this cluster has seen (single activation, key "jobs").</summary>
[Alias("Ensemble.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithStringKey
{
    public const string Key = "jobs";

    [Alias("Register")]
    Task Register(string jobId, string? name, DateTimeOffset submittedAt);

    [Alias("List")]
    Task<JobListing[]> List();
}
