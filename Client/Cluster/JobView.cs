using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Persistence;

namespace Ensemble.Client.Cluster;

/// <summary>The read-only questions about a job, answered by its coordinator or by the database.</summary>
public interface IJobView
{
    Task<JobStatusReport> GetStatus();
    Task<EstimatesReport> GetEstimates(EstimateQuery query);
    Task<JobDefinition> GetDefinition();
    Task<RealisationRecord> GetRealisation(uint index);
}

/// <summary>Answers from the live coordinator grain.</summary>
public sealed class GrainJobView(IJobGrain grain) : IJobView
{
    public Task<JobStatusReport> GetStatus() => grain.GetStatus();

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => grain.GetEstimates(query);

    public async Task<JobDefinition> GetDefinition() =>
        await grain.GetDefinition() ?? throw new JobRejectedException("jobId", $"no job '{grain.GetPrimaryKeyString()}' has been submitted");

    public Task<RealisationRecord> GetRealisation(uint index) => grain.GetRealisation(index);
}

/// <summary>Answers from the service's tables, as of the job's last checkpoint; no cluster needed.</summary>
public sealed class DatabaseJobView(DatabaseJobReader reader, string jobId) : IJobView
{
    public Task<JobStatusReport> GetStatus() => reader.StatusAsync(jobId);

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => reader.EstimatesAsync(jobId, query);

    public Task<JobDefinition> GetDefinition() => reader.DefinitionAsync(jobId);

    public Task<RealisationRecord> GetRealisation(uint index) => reader.RealisationAsync(jobId, index);
}
