using System.Collections.Concurrent;
using Ensemble.Dashboard.Api;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// What each job computes, parsed once: a job's definition is its identity and never changes, so the list of 100 jobs costs
/// one definition read per job per dashboard, not one per refresh.
/// </summary>
public sealed class JobCatalogue(JobSources sources)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, SpecSummaryJson> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EstimateChoicesJson> _choices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LimitReport> _limits = new(StringComparer.Ordinal);

    /// <summary>The estimates a job has (they follow from its spec alone), read once.</summary>
    public async Task<EstimateChoicesJson> ChoicesAsync(string jobId, IJobReading job)
    {
        if (_choices.TryGetValue(jobId, out var known)) return known;
        var choices = EstimateChoicesJson.From((await job.GetEstimates(new EstimateQuery())).Rows);
        if (_choices.Count < Capacity) _choices[jobId] = choices;
        return choices;
    }

    /// <summary>
    /// The job's solved limit. Solved once, before anything is dispatched, and never changed: kept once the job has finished or
    /// its limit is there (a running job's coordinator may still be solving it, so an empty answer is asked again).
    /// </summary>
    public async Task<LimitReport> LimitAsync(string jobId, IJobReading job, bool finished)
    {
        if (_limits.TryGetValue(jobId, out var known)) return known;
        var limit = await job.GetLimit();
        if ((finished || limit.HasLimit) && _limits.Count < Capacity) _limits[jobId] = limit;
        return limit;
    }

    public SpecSummaryJson Summary(JobDefinition definition)
    {
        if (_summaries.TryGetValue(definition.JobId, out var known)) return known;
        var summary = SpecSummaryJson.From(definition);
        if (_summaries.Count < Capacity) _summaries[definition.JobId] = summary;
        return summary;
    }

    /// <summary>The job's model ("pairwise", "pressure"), or null when its definition cannot be read now.</summary>
    public async Task<string?> ModelAsync(string jobId, CancellationToken cancellation)
    {
        if (_summaries.TryGetValue(jobId, out var known)) return known.Model;
        try
        {
            var job = await sources.OpenAsync(jobId, cancellation);
            return Summary(await job.GetDefinition()).Model;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
