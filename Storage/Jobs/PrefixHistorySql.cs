using Ensemble.Jobs.Contracts;
using Npgsql;

namespace Ensemble.Storage.Jobs;

/// <summary>
/// A job's prefix history in the service's tables (<c>ensemble.prefix_histories</c>,
/// <c>prefix_estimates</c>, migration 007): commands that ride in a checkpoint's batch (so the tracker
/// never disagrees with the books it was saved with), and the reads. Every statement is parameterised.
/// </summary>
public static class PrefixHistorySql
{
    /// <summary>The job's row and its points, upserted (a point never changes once recorded: it depends only on seeds below it).</summary>
    public static IEnumerable<NpgsqlBatchCommand> Save(string jobId, string tracker, PrefixHistory history)
    {
        var row = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.prefix_histories
                (job_id, observable, species, time, component, target_se, relative_se, min_realisations, frontier, stopped_at, tracker, updated_at)
            VALUES (@job, @observable, @species, @time, @component, @target, @relative, @min, @frontier, @stopped, @tracker, now())
            ON CONFLICT (job_id) DO UPDATE SET frontier = EXCLUDED.frontier, stopped_at = EXCLUDED.stopped_at,
                tracker = EXCLUDED.tracker, updated_at = now()
            """);
        row.Parameters.AddWithValue("job", jobId);
        row.Parameters.AddWithValue("observable", history.Observable);
        row.Parameters.AddWithValue("species", history.Species);
        row.Parameters.AddWithValue("time", history.Time);
        row.Parameters.AddWithValue("component", history.Component);
        row.Parameters.AddWithValue("target", (object?)history.TargetSe ?? DBNull.Value);
        row.Parameters.AddWithValue("relative", (object?)history.RelativeSe ?? DBNull.Value);
        row.Parameters.AddWithValue("min", (object?)history.MinRealisations ?? DBNull.Value);
        row.Parameters.AddWithValue("frontier", history.Frontier);
        row.Parameters.AddWithValue("stopped", (object?)history.StoppedAt ?? DBNull.Value);
        row.Parameters.AddWithValue("tracker", tracker);
        yield return row;
        if (history.Points.Length == 0) yield break;
        var points = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.prefix_estimates (job_id, realisations, count, mean, se)
            SELECT @job, p.realisations, p.count, p.mean, p.se
            FROM unnest(@realisations, @counts, @means, @ses) AS p (realisations, count, mean, se)
            ON CONFLICT (job_id, realisations) DO UPDATE SET count = EXCLUDED.count, mean = EXCLUDED.mean, se = EXCLUDED.se
            """);
        points.Parameters.AddWithValue("job", jobId);
        points.Parameters.AddWithValue("realisations", history.Points.Select(p => p.Realisations).ToArray());
        points.Parameters.AddWithValue("counts", history.Points.Select(p => p.Count).ToArray());
        points.Parameters.AddWithValue("means", history.Points.Select(p => Nullable(p.Mean)).ToArray());
        points.Parameters.AddWithValue("ses", history.Points.Select(p => Nullable(p.StandardError)).ToArray());
        yield return points;
    }

    /// <summary>The tracker JSON a resumed coordinator continues from; null when none was saved.</summary>
    public static async Task<string?> ReadTrackerAsync(NpgsqlDataSource database, string jobId, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand("SELECT tracker FROM ensemble.prefix_histories WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    /// <summary>The history as last saved, with the job's R; null when none was.</summary>
    public static async Task<PrefixHistory?> ReadAsync(NpgsqlDataSource database, string jobId, CancellationToken cancellation)
    {
        var points = new List<PrefixPoint>();
        await using (var command = database.CreateCommand("""
            SELECT realisations, count, mean, se FROM ensemble.prefix_estimates WHERE job_id = @job ORDER BY realisations
            """))
        {
            command.Parameters.AddWithValue("job", jobId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                points.Add(new PrefixPoint(reader.GetInt32(0), reader.GetInt64(1), Value(reader, 2), Value(reader, 3)));
        }
        await using var row = database.CreateCommand("""
            SELECT h.observable, h.species, h.time, h.component, h.target_se, h.relative_se, h.min_realisations, j.realisations, h.frontier, h.stopped_at
            FROM ensemble.prefix_histories h JOIN ensemble.jobs j USING (job_id) WHERE h.job_id = @job
            """);
        row.Parameters.AddWithValue("job", jobId);
        await using var read = await row.ExecuteReaderAsync(cancellation);
        if (!await read.ReadAsync(cancellation)) return null;
        return new PrefixHistory(jobId, read.GetString(0), read.GetString(1), read.GetDouble(2), read.GetString(3),
            read.IsDBNull(4) ? null : read.GetDouble(4), read.IsDBNull(5) ? null : read.GetDouble(5), read.IsDBNull(6) ? null : read.GetInt32(6),
            read.GetInt32(7), read.GetInt32(8), read.IsDBNull(9) ? null : read.GetInt32(9), [.. points]);
    }

    private static double? Nullable(double x) => double.IsNaN(x) ? null : x;

    private static double Value(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);
}
