using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Jobs;
using Ensemble.Simulation.Specs;
using Ensemble.Storage.Jobs;
using Npgsql;

namespace Ensemble.Grains.Persistence;

/// <summary>
/// Answers the read-only questions (status, estimates, a realisation's record, the job list)
/// straight from the service's tables, with no cluster: they work while a job runs (as of its last
/// checkpoint) and after every silo is gone. Estimates are computed from the saved exact
/// accumulator, so they are the same bits the coordinator would give for that checkpoint.
/// </summary>
public sealed class DatabaseJobReader : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly JobTables _tables;

    public DatabaseJobReader(string connectionString)
    {
        _database = NpgsqlDataSource.Create(connectionString);
        _tables = new JobTables(_database);
    }

    public async Task<JobDefinition> DefinitionAsync(string jobId, CancellationToken cancellation = default) => Definition(await Job(jobId, cancellation));

    public async Task<JobStatusReport> StatusAsync(string jobId, CancellationToken cancellation = default) => Status(await Job(jobId, cancellation));

    public async Task<EstimatesReport> EstimatesAsync(string jobId, EstimateQuery query, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        var aggregate = await _tables.ReadAggregateAsync(jobId, cancellation);
        var accumulator = AccumulatorJson.Load(SpecJson.Parse(job.SpecText), aggregate?.Accumulator);
        var rows = EstimateRecords.Select(accumulator.Estimates(), query, accumulator.SpeciesLabels);
        return new EstimatesReport(jobId, !Status(job).IsFinished, job.Status, accumulator.Count, rows);
    }

    /// <summary>The record of realisation <paramref name="index"/>; pending if none was saved yet.</summary>
    public async Task<RealisationRecord> RealisationAsync(string jobId, uint index, CancellationToken cancellation = default)
    {
        var job = await Job(jobId, cancellation);
        RealisationRerun.CheckIndex(Definition(job), index);
        var row = (await _tables.ReadRealisationsAsync(jobId, index, 1, cancellation)).FirstOrDefault();
        return row is null
            ? new RealisationRecord(index, RealisationState.Pending, 0, 0, null)
            : new RealisationRecord(index, row.State, row.Checksum, row.Attempts, row.FailureReason);
    }

    public async Task<IReadOnlyList<(JobListing Listing, JobStatusReport Status)>> ListAsync(CancellationToken cancellation = default) =>
        (await _tables.ListJobsAsync(cancellation))
        .Select(j => (new JobListing(j.JobId, j.Name, j.SubmittedAt ?? DateTimeOffset.MinValue), Status(j)))
        .ToArray();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<JobRow> Job(string jobId, CancellationToken cancellation) =>
        await _tables.ReadJobAsync(jobId, cancellation) ?? throw new JobRejectedException("jobId", $"no job '{jobId}' in the database");

    private static JobDefinition Definition(JobRow job) => new(job.JobId, job.Name, job.SpecText, job.Realisations, job.MasterSeed);

    // What is in flight is known only to a live coordinator; the database knows what was saved.
    private static JobStatusReport Status(JobRow job) => JobProgress.Report(Definition(job), job.Status, job.Succeeded, job.Failed,
        job.Abandoned, inFlight: 0, job.Retries, job.StartedAt, job.FinishedAt, job.Message);
}
