using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Reading;

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
        await grain.GetDefinition() ?? throw JobRejectedException.UnknownJob(grain.GetPrimaryKeyString());

    public Task<RealisationRecord> GetRealisation(uint index) => grain.GetRealisation(index);
}

/// <summary>Answers from the service's tables, as of the job's last checkpoint; no cluster needed.</summary>
public sealed class DatabaseJobView(JobReader reader, string jobId) : IJobView
{
    public Task<JobStatusReport> GetStatus() => reader.StatusAsync(jobId);

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => reader.EstimatesAsync(jobId, query);

    public Task<JobDefinition> GetDefinition() => reader.DefinitionAsync(jobId);

    public Task<RealisationRecord> GetRealisation(uint index) => reader.RealisationAsync(jobId, index);
}
