using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Rerun;
using Ensemble.Simulation.Specs;

namespace Ensemble.Jobs.Reading;

/// <summary>
/// Answers the read-only questions (status, estimates, a realisation's record, the job list)
/// straight from durable storage, with no cluster: they work while a job runs (as of its last
/// checkpoint) and after every silo is gone. Estimates are computed from the saved exact
/// accumulator, so they are the same bits the coordinator would give for that checkpoint.
/// </summary>
public sealed class JobReader(IJobArchive archive, IAsyncDisposable? owned = null, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<JobDefinition> DefinitionAsync(string jobId, CancellationToken cancellation = default) =>
        (await Job(jobId, cancellation)).Definition;

    /// <summary>The saved status, with the time of the last checkpoint (when the saved accumulator was written).</summary>
    public async Task<JobStatusReport> StatusAsync(string jobId, CancellationToken cancellation = default)
    {
        var status = Status(await Job(jobId, cancellation));
        var aggregate = await archive.ReadAggregateAsync(jobId, cancellation);
        var prefix = await archive.ReadPrefixHistoryAsync(jobId, cancellation);
        return status with { LastCheckpointAt = aggregate?.UpdatedAt, StoppedAt = prefix?.StoppedAt };
    }

    /// <summary>The job's prefix history (the "se vs R" data) as its last checkpoint saved it; null when none was saved.</summary>
    public async Task<PrefixHistory?> PrefixHistoryAsync(string jobId, CancellationToken cancellation = default)
    {
        await Job(jobId, cancellation); // an unknown job is refused as such
        return await archive.ReadPrefixHistoryAsync(jobId, cancellation);
    }

    public async Task<EstimatesReport> EstimatesAsync(string jobId, EstimateQuery query, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        var aggregate = await archive.ReadAggregateAsync(jobId, cancellation);
        var accumulator = AccumulatorJson.Load(SpecJson.Parse(job.Definition.SpecJson), aggregate?.Accumulator);
        return EstimateSelection.Report(jobId, accumulator, query, partial: !Status(job).IsFinished, job.Summary.Status);
    }

    /// <summary>The job's saved limit; empty for a spec without one, or one whose limit failed (its status says why).</summary>
    public async Task<LimitReport> LimitAsync(string jobId, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        var tables = await archive.ReadLimitAsync(jobId, cancellation);
        if (!tables.IsEmpty) return LimitReport.From(jobId, tables);
        bool failed = job.Summary.Status == JobStatus.Failed && SpecJson.Parse(job.Definition.SpecJson).Limit is not null;
        return LimitReport.None(jobId, failed ? job.Summary.Message : null);
    }

    /// <summary>Saved records of realisations [from, from + count), in index order (seeds never recorded are left out).</summary>
    public async Task<IReadOnlyList<RealisationRecord>> RealisationsAsync(string jobId, uint from, int count, CancellationToken cancellation = default)
    {
        await Job(jobId, cancellation);
        return await archive.ReadRealisationsAsync(jobId, from, count, cancellation);
    }

    /// <summary>
    /// Realisations <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> (cut at R), one record each:
    /// those not saved yet are pending, as a coordinator's own page says.
    /// </summary>
    public async Task<RealisationRecord[]> RealisationPageAsync(string jobId, uint from, int count, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        long end = Math.Min((long)from + Math.Max(0, count), job.Definition.Realisations);
        var records = new RealisationRecord[Math.Max(0, end - from)];
        foreach (var saved in await archive.ReadRealisationsAsync(jobId, from, records.Length, cancellation)) records[saved.Index - from] = saved;
        for (int i = 0; i < records.Length; i++) records[i] ??= new RealisationRecord(from + (uint)i, RealisationState.Pending, 0, 0, null);
        return records;
    }

    /// <summary>The record of realisation <paramref name="index"/>; pending if none was saved yet.</summary>
    public async Task<RealisationRecord> RealisationAsync(string jobId, uint index, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        RealisationRerun.CheckIndex(job.Definition, index);
        var saved = (await archive.ReadRealisationsAsync(jobId, index, 1, cancellation)).FirstOrDefault();
        return saved ?? new RealisationRecord(index, RealisationState.Pending, 0, 0, null);
    }

    public async Task<IReadOnlyList<(JobListing Listing, JobStatusReport Status)>> ListAsync(CancellationToken cancellation = default) =>
        (await archive.ListJobsAsync(cancellation))
        .Select(j => (new JobListing(j.Definition.JobId, j.Definition.Name, j.SubmittedAt), Status(j)))
        .ToArray();

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<StoredJob> Job(string jobId, CancellationToken cancellation) =>
        await archive.ReadJobAsync(jobId, cancellation) ?? throw JobRejectedException.UnknownJob(jobId, "in the database");

    // What is in flight is known only to a live coordinator; the database knows what was saved.
    private JobStatusReport Status(StoredJob job) => JobProgress.Report(job.Definition, job.Summary, job.Counts, inFlight: 0, _time.GetUtcNow());
}
