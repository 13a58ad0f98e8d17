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

    /// <summary>Records of realisations [from, from + count), clipped to the job; seeds with nothing recorded are pending.</summary>
    Task<RealisationRecord[]> GetRealisations(uint from, int count);

    Task<LimitReport> GetLimit();

    /// <summary>The coordinator's record of one estimate at R = 8, 16, 32, … and the final R, folded in seed order (null: none).</summary>
    Task<PrefixHistory?> GetPrefixHistory();
}

/// <summary>Answers from the live coordinator grain.</summary>
public sealed class GrainJobView(IJobGrain grain) : IJobView
{
    public Task<JobStatusReport> GetStatus() => grain.GetStatus();

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => grain.GetEstimates(query);

    public async Task<JobDefinition> GetDefinition() =>
        await grain.GetDefinition() ?? throw JobRejectedException.UnknownJob(grain.GetPrimaryKeyString());

    public Task<RealisationRecord> GetRealisation(uint index) => grain.GetRealisation(index);

    public Task<RealisationRecord[]> GetRealisations(uint from, int count) => grain.GetRealisations(from, count);

    public Task<LimitReport> GetLimit() => grain.GetLimit();

    public Task<PrefixHistory?> GetPrefixHistory() => grain.GetPrefixHistory();
}

/// <summary>Answers from the service's tables, as of the job's last checkpoint; no cluster needed.</summary>
public sealed class DatabaseJobView(JobReader reader, string jobId) : IJobView
{
    public Task<JobStatusReport> GetStatus() => reader.StatusAsync(jobId);

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => reader.EstimatesAsync(jobId, query);

    public Task<JobDefinition> GetDefinition() => reader.DefinitionAsync(jobId);

    public Task<RealisationRecord> GetRealisation(uint index) => reader.RealisationAsync(jobId, index);

    public Task<RealisationRecord[]> GetRealisations(uint from, int count) => reader.RealisationPageAsync(jobId, from, count);

    public Task<LimitReport> GetLimit() => reader.LimitAsync(jobId);

    public Task<PrefixHistory?> GetPrefixHistory() => reader.PrefixHistoryAsync(jobId);
}
