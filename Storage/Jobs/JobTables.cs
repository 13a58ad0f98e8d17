using System.Globalization;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Statistics;
using Npgsql;
using NpgsqlTypes;

namespace Ensemble.Storage.Jobs;

/// <summary>
/// Reads and writes the service's own tables (schema <c>ensemble</c>). Every statement is
/// parameterised; a batch of realisations or estimates is one statement over arrays
/// (<c>unnest</c>), whatever its size.
/// </summary>
public sealed class JobTables(NpgsqlDataSource database)
{
    /// <summary>The data source the tables are read and written through (its pool is cleared after an outage).</summary>
    public NpgsqlDataSource Database => database;

    /// <summary>
    /// One checkpoint as one batch: PostgreSQL runs a batch in one implicit transaction, so it is
    /// all or nothing, and it costs a single round trip (the save is on the dispatch path).
    /// </summary>
    public Task SaveCheckpointAsync(CheckpointRows checkpoint, CancellationToken cancellation = default) =>
        SaveCheckpointAsync(checkpoint, epoch: null, cancellation);

    /// <summary>
    /// A checkpoint fenced by <paramref name="epoch"/> (see <see cref="ClaimEpochAsync"/>): the batch
    /// first checks, under a row lock, that no newer activation took the job, and otherwise fails
    /// whole with SQLSTATE <see cref="PostgresErrors.FencedState"/>. Null: unfenced.
    /// </summary>
    public async Task SaveCheckpointAsync(CheckpointRows checkpoint, long? epoch, CancellationToken cancellation = default)
    {
        await using var batch = database.CreateBatch();
        if (epoch is { } fence) batch.BatchCommands.Add(FenceCheck(checkpoint.Job.JobId, fence));
        batch.BatchCommands.Add(UpsertJob(checkpoint.Job));
        if (checkpoint.Realisations.Count > 0) batch.BatchCommands.Add(UpsertRealisations(checkpoint.Job.JobId, checkpoint.Realisations));
        var aggregate = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.aggregates (job_id, realisations, accumulator, updated_at)
            VALUES (@job, @count, @accumulator, now())
            ON CONFLICT (job_id) DO UPDATE SET realisations = EXCLUDED.realisations, accumulator = EXCLUDED.accumulator, updated_at = now()
            """);
        aggregate.Parameters.AddWithValue("job", checkpoint.Job.JobId);
        aggregate.Parameters.AddWithValue("count", checkpoint.Folded);
        aggregate.Parameters.AddWithValue("accumulator", checkpoint.Accumulator);
        batch.BatchCommands.Add(aggregate);
        if (checkpoint.Estimates is { } estimates)
            foreach (var command in ReplaceEstimates(checkpoint.Job.JobId, estimates)) batch.BatchCommands.Add(command);
        if (checkpoint.Prefix is var (tracker, history))
            foreach (var command in PrefixHistorySql.Save(checkpoint.Job.JobId, tracker, history)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// The job row's status, message and times alone, fenced by <paramref name="epoch"/>: for a job
    /// whose checkpoints the database refuses (the rest of the row stays as last saved).
    /// </summary>
    public async Task RecordJobStatusAsync(string jobId, long epoch, JobSummary summary, CancellationToken cancellation = default)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(FenceCheck(jobId, epoch));
        var update = new NpgsqlBatchCommand("""
            UPDATE ensemble.jobs SET status = @status, message = @message, finished_at = @finished WHERE job_id = @job
            """);
        update.Parameters.AddWithValue("job", jobId);
        update.Parameters.AddWithValue("status", summary.Status.ToString().ToLowerInvariant());
        update.Parameters.AddWithValue("message", (object?)summary.Message ?? DBNull.Value);
        update.Parameters.AddWithValue("finished", (object?)summary.FinishedAt ?? DBNull.Value);
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// Takes the next epoch of a job for a new coordinator activation; from then on only saves
    /// fenced with it succeed. It waits for a save of an older activation that is in progress.
    /// </summary>
    public async Task<long> ClaimEpochAsync(string jobId, CancellationToken cancellation = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO ensemble.job_epochs AS e (job_id, epoch) VALUES (@job, 1)
            ON CONFLICT (job_id) DO UPDATE SET epoch = e.epoch + 1, claimed_at = now()
            RETURNING epoch
            """);
        command.Parameters.AddWithValue("job", jobId);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public async Task<JobRow?> ReadJobAsync(string jobId, CancellationToken cancellation = default)
    {
        await using var command = database.CreateCommand($"{SelectJob} WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadJob(reader) : null;
    }

    public async Task<IReadOnlyList<JobRow>> ListJobsAsync(CancellationToken cancellation = default)
    {
        await using var command = database.CreateCommand($"{SelectJob} ORDER BY submitted_at, job_id");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var jobs = new List<JobRow>();
        while (await reader.ReadAsync(cancellation)) jobs.Add(ReadJob(reader));
        return jobs;
    }

    /// <summary>Recorded realisations with index in [from, from + count), in index order.</summary>
    public async Task<IReadOnlyList<RealisationRow>> ReadRealisationsAsync(string jobId, uint from = 0, int count = int.MaxValue,
        CancellationToken cancellation = default)
    {
        await using var command = database.CreateCommand("""
            SELECT seed_index, status, attempts, silo, duration_ms, checksum, failure_reason
            FROM ensemble.realisations
            WHERE job_id = @job AND seed_index >= @from AND seed_index < @end
            ORDER BY seed_index
            """);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("from", (long)from);
        command.Parameters.AddWithValue("end", Math.Min((long)from + count, int.MaxValue + 1L));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<RealisationRow>();
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new RealisationRow(
                (uint)reader.GetInt32(0),
                Enum.Parse<RealisationState>(reader.GetString(1), ignoreCase: true),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.IsDBNull(5) ? 0 : ulong.Parse(reader.GetString(5), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    public async Task<AggregateRow?> ReadAggregateAsync(string jobId, CancellationToken cancellation = default)
    {
        await using var command = database.CreateCommand("SELECT realisations, accumulator, updated_at FROM ensemble.aggregates WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new AggregateRow(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    private const string SelectJob = """
        SELECT job_id, name, spec_text, master_seed, realisations, max_in_flight, max_attempts, realisation_timeout,
               status, message, succeeded, failed, abandoned, retries, duplicate_reports, started_at, finished_at, submitted_at
        FROM ensemble.jobs
        """;

    private static JobRow ReadJob(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.GetString(2),
        (ulong)reader.GetDecimal(3),
        reader.GetInt32(4),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.GetFieldValue<TimeSpan>(7),
        Enum.Parse<JobStatus>(reader.GetString(8), ignoreCase: true),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetInt32(10),
        reader.GetInt32(11),
        reader.GetInt32(12),
        reader.GetInt64(13),
        reader.GetInt64(14),
        reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
        reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
        reader.GetFieldValue<DateTimeOffset>(17));

    private static NpgsqlBatchCommand UpsertJob(JobRow job)
    {
        // The identity columns (spec, seed, R) are written once; a resubmission with a different
        // identity is refused by the coordinator before it gets here.
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.jobs (job_id, name, spec, spec_text, master_seed, realisations, max_in_flight, max_attempts,
                                       realisation_timeout, status, message, succeeded, failed, abandoned, retries, duplicate_reports,
                                       started_at, finished_at, updated_at)
            VALUES (@job, @name, @spec, @spec_text, @seed, @realisations, @max_in_flight, @max_attempts,
                    @timeout, @status, @message, @succeeded, @failed, @abandoned, @retries, @duplicates, @started, @finished, now())
            ON CONFLICT (job_id) DO UPDATE SET
                status = EXCLUDED.status, message = EXCLUDED.message, succeeded = EXCLUDED.succeeded, failed = EXCLUDED.failed,
                abandoned = EXCLUDED.abandoned, retries = EXCLUDED.retries, duplicate_reports = EXCLUDED.duplicate_reports,
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, updated_at = now()
            """);
        var p = command.Parameters;
        p.AddWithValue("job", job.JobId);
        p.AddWithValue("name", (object?)Text(job.Name) ?? DBNull.Value);
        p.AddWithValue("spec", NpgsqlDbType.Jsonb, job.SpecText);
        p.AddWithValue("spec_text", job.SpecText);
        p.AddWithValue("seed", (decimal)job.MasterSeed);
        p.AddWithValue("realisations", job.Realisations);
        p.AddWithValue("max_in_flight", job.MaxInFlight);
        p.AddWithValue("max_attempts", job.MaxAttempts);
        p.AddWithValue("timeout", job.RealisationTimeout);
        p.AddWithValue("status", StatusText(job.Status));
        p.AddWithValue("message", (object?)Text(job.Message) ?? DBNull.Value);
        p.AddWithValue("succeeded", job.Succeeded);
        p.AddWithValue("failed", job.Failed);
        p.AddWithValue("abandoned", job.Abandoned);
        p.AddWithValue("retries", job.Retries);
        p.AddWithValue("duplicates", job.DuplicateReports);
        p.AddWithValue("started", (object?)job.StartedAt ?? DBNull.Value);
        p.AddWithValue("finished", (object?)job.FinishedAt ?? DBNull.Value);
        return command;
    }

    /// <summary>First in a fenced batch: fails the whole batch (SQLSTATE EF001) when a newer activation took the job.</summary>
    internal static NpgsqlBatchCommand FenceCheck(string jobId, long epoch)
    {
        var check = new NpgsqlBatchCommand("SELECT ensemble.fence(@job, @epoch)");
        check.Parameters.AddWithValue("job", jobId);
        check.Parameters.AddWithValue("epoch", epoch);
        return check;
    }

    private static NpgsqlBatchCommand UpsertRealisations(string jobId, IReadOnlyList<RealisationRow> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.realisations (job_id, seed_index, status, attempts, silo, duration_ms, checksum, failure_reason)
            SELECT @job, r.* FROM unnest(@index, @status, @attempts, @silo, @duration, @checksum, @failure) AS r
            ON CONFLICT (job_id, seed_index) DO UPDATE SET
                status = EXCLUDED.status, attempts = EXCLUDED.attempts, silo = EXCLUDED.silo, duration_ms = EXCLUDED.duration_ms,
                checksum = EXCLUDED.checksum, failure_reason = EXCLUDED.failure_reason, recorded_at = now()
            """);
        var p = command.Parameters;
        p.AddWithValue("job", jobId);
        p.Add(new NpgsqlParameter<int[]>("index", rows.Select(r => checked((int)r.Index)).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("status", rows.Select(r => r.State.ToString().ToLowerInvariant()).ToArray()));
        p.Add(new NpgsqlParameter<int[]>("attempts", rows.Select(r => r.Attempts).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("silo", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(r => Text(r.Silo)).ToArray() });
        p.Add(new NpgsqlParameter<double?[]>("duration", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = rows.Select(r => r.DurationMs).ToArray() });
        p.Add(new NpgsqlParameter<string?[]>("checksum", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            TypedValue = rows.Select(r => r.State is RealisationState.Abandoned or RealisationState.Pending ? null : ChecksumText(r.Checksum)).ToArray(),
        });
        p.Add(new NpgsqlParameter<string?[]>("failure", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            TypedValue = rows.Select(r => Text(r.FailureReason)).ToArray(),
        });
        return command;
    }

    private static IEnumerable<NpgsqlBatchCommand> ReplaceEstimates(string jobId, IReadOnlyList<EstimateRow> rows)
    {
        var delete = new NpgsqlBatchCommand("DELETE FROM ensemble.estimates WHERE job_id = @job");
        delete.Parameters.AddWithValue("job", jobId);
        yield return delete;
        if (rows.Count == 0) yield break;
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.estimates (job_id, row_number, observable, species, time, component, count, mean, se, ci_low, ci_high, min, max)
            SELECT @job, e.* FROM unnest(@row, @observable, @species, @time, @component, @count, @mean, @se, @ci_low, @ci_high, @min, @max) AS e
            """);
        var p = command.Parameters;
        p.AddWithValue("job", jobId);
        p.Add(new NpgsqlParameter<int[]>("row", Enumerable.Range(0, rows.Count).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("observable", rows.Select(r => r.Observable).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("species", rows.Select(r => r.Species).ToArray()));
        p.Add(new NpgsqlParameter<double[]>("time", rows.Select(r => r.Time).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("component", rows.Select(r => r.Component).ToArray()));
        p.Add(new NpgsqlParameter<long[]>("count", rows.Select(r => r.Count).ToArray()));
        AddNullableDoubles(p, "mean", rows, r => r.Mean);
        AddNullableDoubles(p, "se", rows, r => r.StandardError);
        AddNullableDoubles(p, "ci_low", rows, r => r.CiLow);
        AddNullableDoubles(p, "ci_high", rows, r => r.CiHigh);
        AddNullableDoubles(p, "min", rows, r => r.Min);
        AddNullableDoubles(p, "max", rows, r => r.Max);
        yield return command;
    }

    /// <summary>NaN (not estimable) is stored as NULL, so SQL aggregates over a column skip it.</summary>
    private static void AddNullableDoubles(NpgsqlParameterCollection p, string name, IReadOnlyList<EstimateRow> rows, Func<EstimateRow, double> value) =>
        p.Add(new NpgsqlParameter<double?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Double)
        {
            TypedValue = rows.Select(r => value(r) is var v && double.IsNaN(v) ? (double?)null : v).ToArray(),
        });

    /// <summary>
    /// PostgreSQL text cannot hold NUL; a failure reason quoting one (from an exception message)
    /// would otherwise fail every save of the job, forever. It becomes U+FFFD.
    /// </summary>
    private static string? Text(string? value) => value?.Replace('\0', '\uFFFD');

    public static string ChecksumText(ulong checksum) => checksum.ToString("x16", CultureInfo.InvariantCulture);

    public static string StatusText(JobStatus status) => status.ToString().ToLowerInvariant();
}
