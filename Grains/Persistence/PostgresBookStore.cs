using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Jobs;
using Ensemble.Simulation.Statistics;
using Ensemble.Storage.Jobs;

namespace Ensemble.Grains.Persistence;

/// <summary>
/// Keeps a job's books in the service's PostgreSQL tables: each checkpoint is one transaction
/// holding the job's row, the realisations recorded since the last checkpoint and the accumulator
/// that counts exactly those, so the tables never show a realisation the aggregate lacks or the
/// other way round.
/// </summary>
public sealed class PostgresBookStore(JobTables tables) : IJobBookStore
{
    public bool Durable => true;

    public async Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation)
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
        return books;
    }

    public Task SaveAsync(JobState state, JobLedger ledger, IReadOnlyList<RealisationRow> rows, string accumulator,
        IReadOnlyList<EstimateRow>? estimates, CancellationToken cancellation)
    {
        var definition = state.Definition!;
        var dispatch = state.Dispatch!;
        var job = new JobRow(definition.JobId, definition.Name, definition.SpecJson, definition.MasterSeed, definition.Realisations,
            dispatch.MaxInFlight, dispatch.MaxAttempts, dispatch.RealisationTimeout, state.Status, state.Message,
            ledger.Succeeded, ledger.Failed, ledger.Abandoned, ledger.Books.Retries, ledger.Books.DuplicateReports,
            state.StartedAt, state.FinishedAt);
        return tables.SaveCheckpointAsync(new JobCheckpoint(job, rows, ledger.Accumulator.Count, accumulator, estimates), cancellation);
    }
}
