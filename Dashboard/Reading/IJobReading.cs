using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Reading;

namespace Ensemble.Dashboard.Reading;

/// <summary>The read-only questions the dashboard asks about one job; <see cref="Live"/>: a coordinator answers (else the database).</summary>
public interface IJobReading
{
    bool Live { get; }

    Task<JobStatusReport> GetStatus();

    Task<JobDefinition> GetDefinition();

    Task<EstimatesReport> GetEstimates(EstimateQuery query);

    Task<RealisationRecord> GetRealisation(uint index);

    /// <summary>Records of realisations [from, from + count), clipped to the job; seeds with nothing recorded are pending.</summary>
    Task<RealisationRecord[]> GetRealisations(uint from, int count);

    Task<PrefixHistory?> GetPrefixHistory();

    /// <summary>The job's solved limit (empty without a limit section, or while it is being solved).</summary>
    Task<LimitReport> GetLimit();
}

/// <summary>
/// Answers from the job's coordinator grain (the same calls the CLI makes). A coordinator's books keep a seed's state, attempts
/// and checksum but not where or how long it ran (they go to the database with the next checkpoint, bounded memory per seed), so
/// with <paramref name="saved"/> a page of records takes silo and duration from the saved copies; without a database they stay unknown.
/// </summary>
public sealed class GrainJobReading(IJobGrain grain, JobReader? saved = null) : IJobReading
{
    public bool Live => true;

    public Task<JobStatusReport> GetStatus() => grain.GetStatus();

    public async Task<JobDefinition> GetDefinition() =>
        await grain.GetDefinition() ?? throw JobRejectedException.UnknownJob(grain.GetPrimaryKeyString());

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => grain.GetEstimates(query);

    public Task<RealisationRecord> GetRealisation(uint index) => grain.GetRealisation(index);

    public async Task<RealisationRecord[]> GetRealisations(uint from, int count)
    {
        var records = await grain.GetRealisations(from, count);
        if (saved is null || records.Length == 0) return records;
        var details = new Dictionary<uint, RealisationRecord>();
        try
        {
            foreach (var r in await saved.RealisationsAsync(grain.GetPrimaryKeyString(), from, records.Length)) details[r.Index] = r;
        }
        catch (EnsembleException e) when (e.Kind == ErrorKind.UnknownJob)
        {
            return records; // not saved yet
        }
        return records.Select(r => r.Silo is null && details.TryGetValue(r.Index, out var d) && d.State == r.State
            ? r with { Silo = d.Silo, Milliseconds = d.Milliseconds } : r).ToArray();
    }

    public Task<PrefixHistory?> GetPrefixHistory() => grain.GetPrefixHistory();

    public Task<LimitReport> GetLimit() => grain.GetLimit();
}

/// <summary>Answers from the service's tables, as of the job's last checkpoint; no silo needed.</summary>
public sealed class DatabaseJobReading(JobReader reader, string jobId) : IJobReading
{
    public bool Live => false;

    public Task<JobStatusReport> GetStatus() => reader.StatusAsync(jobId);

    public Task<JobDefinition> GetDefinition() => reader.DefinitionAsync(jobId);

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => reader.EstimatesAsync(jobId, query);

    public Task<RealisationRecord> GetRealisation(uint index) => reader.RealisationAsync(jobId, index);

    public Task<RealisationRecord[]> GetRealisations(uint from, int count) => reader.RealisationPageAsync(jobId, from, count);

    public Task<PrefixHistory?> GetPrefixHistory() => reader.PrefixHistoryAsync(jobId);

    public Task<LimitReport> GetLimit() => reader.LimitAsync(jobId);
}
