using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Reading;
using Ensemble.Simulation.Limits.Reporting;
using Npgsql;

namespace Ensemble.Storage.Jobs;

/// <summary>The job layer's read side (<see cref="IJobArchive"/>) over the service's tables: rows in, domain records out.</summary>
public sealed class PostgresJobArchive(JobTables tables) : IJobArchive
{
    /// <summary>A reader of the database at <paramref name="connectionString"/>, owning its connections until disposed.</summary>
    public static JobReader OpenReader(string connectionString)
    {
        PostgresConnectionString.Validate(connectionString);
        var database = NpgsqlDataSource.Create(connectionString);
        return new JobReader(new PostgresJobArchive(new JobTables(database)), database);
    }

    public async Task<StoredJob?> ReadJobAsync(string jobId, CancellationToken cancellation = default) =>
        await tables.ReadJobAsync(jobId, cancellation) is { } row ? ToStored(row) : null;

    public async Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellation = default) =>
        (await tables.ListJobsAsync(cancellation)).Select(ToStored).ToArray();

    public async Task<IReadOnlyList<RealisationRecord>> ReadRealisationsAsync(string jobId, uint from = 0, int count = int.MaxValue,
        CancellationToken cancellation = default) =>
        (await tables.ReadRealisationsAsync(jobId, from, count, cancellation))
        .Select(r => new RealisationRecord(r.Index, r.State, r.Checksum, r.Attempts, r.FailureReason) { Silo = r.Silo, Milliseconds = r.DurationMs })
        .ToArray();

    public async Task<StoredAggregate?> ReadAggregateAsync(string jobId, CancellationToken cancellation = default) =>
        await tables.ReadAggregateAsync(jobId, cancellation) is { } row ? new StoredAggregate(row.Realisations, row.Accumulator, row.UpdatedAt) : null;

    public Task<LimitTables> ReadLimitAsync(string jobId, CancellationToken cancellation = default) =>
        new LimitTablesSql(tables.Database).ReadAsync(jobId, cancellation);

    public Task<PrefixHistory?> ReadPrefixHistoryAsync(string jobId, CancellationToken cancellation = default) =>
        PrefixHistorySql.ReadAsync(tables.Database, jobId, cancellation);

    private static StoredJob ToStored(JobRow job) => new(
        new JobDefinition(job.JobId, job.Name, job.SpecText, job.Realisations, job.MasterSeed),
        new DispatchSettings(job.MaxInFlight, job.MaxAttempts, job.RealisationTimeout),
        new JobSummary(job.Status, job.Message, job.StartedAt, job.FinishedAt),
        new JobCounts(job.Succeeded, job.Failed, job.Abandoned, job.Retries, job.DuplicateReports),
        job.SubmittedAt ?? DateTimeOffset.MinValue);
}
