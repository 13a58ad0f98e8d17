using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// The list of jobs (key <see cref="Key"/>) or of studies (key <see cref="StudiesKey"/>; a listing's id is the study's)
/// this cluster has seen: one activation per key.
/// </summary>
[Alias("Ensemble.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithStringKey
{
    public const string Key = "jobs";
    public const string StudiesKey = "studies";

    [Alias("Register")]
    Task Register(string jobId, string? name, DateTimeOffset submittedAt);

    [Alias("List")]
    Task<JobListing[]> List();
}
