using System.Globalization;
using System.Text.Json.Nodes;
using Ensemble.Jobs.Reading;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Ensemble.Storage.Studies;

/// <summary>
/// <c>ensemble.studies</c> and <c>ensemble.study_points</c>: a study's save is one batch (one implicit transaction)
/// upserting its row and its points' rows; reads give back the study with its points re-derived from the saved spec
/// (deterministic) and checked against the saved links, so a reader uses exactly the jobs the study submitted.
/// </summary>
public sealed class StudyTables(NpgsqlDataSource database) : IStudyStore, IStudyArchive
{
    /// <summary>A reader of the studies (and their jobs) in the database at <paramref name="connectionString"/>, owning its connections.</summary>
    public static StudyReader OpenReader(string connectionString)
    {
        PostgresConnectionString.Validate(connectionString);
        var source = NpgsqlDataSource.Create(connectionString);
        return new StudyReader(new StudyTables(source), new JobReader(new PostgresJobArchive(new JobTables(source)), source));
    }

    public Task SaveAsync(StudyRecord study, CancellationToken cancellation = default) =>
        PostgresRetry.RunAsync(database, $"saving study {study.StudyId}", async () =>
        {
            await using var batch = database.CreateBatch();
            var row = new NpgsqlBatchCommand("""
                INSERT INTO ensemble.studies (study_id, spec, spec_text, status, message, points, fits, created_at, finished_at, updated_at)
                VALUES (@study, @spec, @spec_text, @status, @message, @points, @fits, @created, @finished, now())
                ON CONFLICT (study_id) DO UPDATE SET status = EXCLUDED.status, message = EXCLUDED.message, fits = EXCLUDED.fits,
                    finished_at = EXCLUDED.finished_at, updated_at = now()
                """);
            var p = row.Parameters;
            p.AddWithValue("study", study.StudyId);
            p.AddWithValue("spec", NpgsqlDbType.Jsonb, study.SpecJson);
            p.AddWithValue("spec_text", study.SpecJson);
            p.AddWithValue("status", study.Status.ToString().ToLowerInvariant());
            p.AddWithValue("message", (object?)study.Message?.Replace('\0', '\uFFFD') ?? DBNull.Value);
            p.AddWithValue("points", study.Points.Count);
            p.Add(new NpgsqlParameter("fits", NpgsqlDbType.Jsonb) { Value = (object?)study.FitsJson ?? DBNull.Value });
            p.AddWithValue("created", study.CreatedAt);
            p.AddWithValue("finished", (object?)study.FinishedAt ?? DBNull.Value);
            batch.BatchCommands.Add(row);
            var points = new NpgsqlBatchCommand("""
                INSERT INTO ensemble.study_points (study_id, point_index, parameters, tied, job_id)
                SELECT @study, x.i, x.p::jsonb, string_to_array(x.t, ',')::text[], x.j FROM unnest(@index, @parameters, @tied, @job) AS x(i, p, t, j)
                ON CONFLICT (study_id, point_index) DO NOTHING
                """);
            points.Parameters.AddWithValue("study", study.StudyId);
            points.Parameters.Add(new NpgsqlParameter<int[]>("index", study.Points.Select(x => x.Index).ToArray()));
            points.Parameters.Add(new NpgsqlParameter<string[]>("parameters", study.Points.Select(ParametersJson).ToArray()));
            points.Parameters.Add(new NpgsqlParameter<string[]>("tied",
                study.Points.Select(x => string.Join(",", x.Parameters.Where(v => v.Tied).Select(v => v.Parameter.Name()))).ToArray()));
            points.Parameters.Add(new NpgsqlParameter<string[]>("job", study.Points.Select(x => x.JobId).ToArray()));
            batch.BatchCommands.Add(points);
            await batch.ExecuteNonQueryAsync(cancellation);
        });

    public Task<StudyRecord?> ReadStudyAsync(string studyId, CancellationToken cancellation = default) =>
        PostgresRetry.RunAsync(database, $"reading study {studyId}", async () =>
        {
            await using var command = database.CreateCommand("""
                SELECT spec_text, status, message, created_at, finished_at, fits::text FROM ensemble.studies WHERE study_id = @study
                """);
            command.Parameters.AddWithValue("study", studyId);
            string spec, status;
            string? message, fits;
            DateTimeOffset created;
            DateTimeOffset? finished;
            await using (var reader = await command.ExecuteReaderAsync(cancellation))
            {
                if (!await reader.ReadAsync(cancellation)) return (StudyRecord?)null;
                (spec, status) = (reader.GetString(0), reader.GetString(1));
                message = reader.IsDBNull(2) ? null : reader.GetString(2);
                created = reader.GetFieldValue<DateTimeOffset>(3);
                finished = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
                fits = reader.IsDBNull(5) ? null : reader.GetString(5);
            }
            var links = await Links(studyId, cancellation);
            var points = StudyGrid.Expand(studyId, StudySpecJson.Parse(spec));
            foreach (var point in points)
                if (!links.TryGetValue(point.Index, out string? job) || job != point.JobId)
                    throw new InvalidOperationException($"study {studyId}'s point {point.Index} is linked to job {job ?? "(none)"}, not {point.JobId}");
            return new StudyRecord(studyId, spec, Enum.Parse<StudyStatus>(status, ignoreCase: true), message, points, created, finished, fits);
        });

    public Task<IReadOnlyList<string>> StudyIdsAsync(CancellationToken cancellation = default) =>
        PostgresRetry.RunAsync(database, "listing studies", async () =>
        {
            await using var command = database.CreateCommand("SELECT study_id FROM ensemble.studies ORDER BY created_at, study_id");
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var ids = new List<string>();
            while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetString(0));
            return (IReadOnlyList<string>)ids;
        });

    private async Task<Dictionary<int, string>> Links(string studyId, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand("SELECT point_index, job_id FROM ensemble.study_points WHERE study_id = @study");
        command.Parameters.AddWithValue("study", studyId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var links = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellation)) links[reader.GetInt32(0)] = reader.GetString(1);
        return links;
    }

    private static string ParametersJson(StudyPoint point) =>
        new JsonObject(point.Parameters.Select(v => KeyValuePair.Create(v.Parameter.Name(),
            (JsonNode?)(v.Parameter == StudyParameter.Particles ? JsonValue.Create((long)v.Value) : JsonValue.Create(v.Value))))).ToJsonString();
}
