using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Limits.Reporting;
using Microsoft.Extensions.Options;

namespace Ensemble.Storage.Jobs;

/// <summary>
/// Keeps a job's books in the service's PostgreSQL tables: each checkpoint is one transaction
/// holding the job's row, the realisations recorded since the last checkpoint and the accumulator
/// that counts exactly those, so the tables never show a realisation the aggregate lacks or the
/// other way round. The books outlive the cluster, so it allows no computed-but-unsaved
/// realisations outside the dispatch window, and it keeps the estimates table fresh.
/// </summary>
public sealed class PostgresBookStore(JobTables tables, IOptions<EstimatesTableOptions>? estimates = null) : IJobBookStore
{
    public BookStoreRules Rules { get; } = new()
    {
        UnsavedAllowance = 0,
        EstimatesInterval = (estimates?.Value ?? new EstimatesTableOptions()).RefreshInterval,
        BooksInGrainState = false,
    };

    public Task<long> ClaimEpochAsync(string jobId, CancellationToken cancellation) =>
        PostgresRetry.RunAsync(tables.Database, $"claiming job '{jobId}' for this coordinator", () => tables.ClaimEpochAsync(jobId, cancellation));

    public Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation) =>
        PostgresRetry.RunAsync(tables.Database, $"loading the books of job '{state.Definition!.JobId}'", () => Load(state, cancellation));

    private async Task<JobBooks?> Load(JobState state, CancellationToken cancellation)
    {
        var definition = state.Definition!;
        var job = await tables.ReadJobAsync(definition.JobId, cancellation);
        var aggregate = await tables.ReadAggregateAsync(definition.JobId, cancellation);
        if (job is null || aggregate is null) return null;
        var books = JobBooks.New(definition.Realisations);
        foreach (var row in await tables.ReadRealisationsAsync(definition.JobId, cancellation: cancellation))
        {
            books.States[row.Index] = (byte)row.State;
            books.Checksums[row.Index] = row.Checksum;
            books.Attempts[row.Index] = (byte)Math.Min(row.Attempts, byte.MaxValue);
            if (row.FailureReason is { } reason) books.Failures[row.Index] = reason;
        }
        books.Retries = job.Retries;
        books.DuplicateReports = job.DuplicateReports;
        books.Accumulator = aggregate.Accumulator;
        books.Prefix = await PrefixHistorySql.ReadTrackerAsync(tables.Database, definition.JobId, cancellation);
        return books;
    }

    public Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation)
    {
        var (definition, dispatch, summary, counts) = (checkpoint.Definition, checkpoint.Dispatch, checkpoint.Summary, checkpoint.Counts);
        var job = new JobRow(definition.JobId, definition.Name, definition.SpecJson, definition.MasterSeed, definition.Realisations,
            dispatch.MaxInFlight, dispatch.MaxAttempts, dispatch.RealisationTimeout, summary.Status, summary.Message,
            counts.Succeeded, counts.Failed, counts.Abandoned, counts.Retries, counts.DuplicateReports,
            summary.StartedAt, summary.FinishedAt);
        var rows = checkpoint.Recorded.Select(ToRow).ToArray();
        var batch = new CheckpointRows(job, rows, checkpoint.Folded, checkpoint.Accumulator, checkpoint.Estimates)
        {
            Prefix = checkpoint.Prefix is { } prefix ? (prefix.State, prefix.History) : null,
        };
        // Fenced by the activation's epoch, classified, and run again once on a fresh connection if
        // the pooled one was broken (the batch is one idempotent transaction).
        return PostgresRetry.RunAsync(tables.Database, $"the checkpoint of job '{definition.JobId}'",
            () => tables.SaveCheckpointAsync(batch, checkpoint.Epoch, cancellation));
    }

    public Task RecordRefusedJobAsync(string jobId, long epoch, JobSummary summary, CancellationToken cancellation) =>
        PostgresRetry.RunAsync(tables.Database, $"recording the refusal of job '{jobId}'",
            () => tables.RecordJobStatusAsync(jobId, epoch, summary, cancellation));

    /// <summary>The limit's rows in one fenced transaction that replaces the job's earlier ones; classified and run again once like a checkpoint.</summary>
    public Task SaveLimitAsync(string jobId, long epoch, LimitTables limit, CancellationToken cancellation) =>
        PostgresRetry.RunAsync(tables.Database, $"the limit of job '{jobId}'",
            () => new LimitTablesSql(tables.Database).SaveAsync(jobId, epoch, limit, cancellation));

    private static RealisationRow ToRow(RealisationRecord r) =>
        new(r.Index, r.State, r.Attempts, r.Silo, r.Milliseconds, r.Checksum, r.FailureReason);
}
