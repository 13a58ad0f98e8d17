using Ensemble.Simulation.Limits.Reporting;
using Npgsql;
using NpgsqlTypes;

namespace Ensemble.Storage.Jobs;

/// <summary>
/// A job's limit in the service's tables (<c>ensemble.limit_solutions</c>, <c>limit_moments</c>,
/// <c>limit_density</c>, migration 005): written as one fenced batch (one transaction) that
/// replaces whatever the job had, read back as the core's <see cref="LimitTables"/>. Every statement
/// is parameterised; a density is one statement over arrays, whatever its size.
/// </summary>
public sealed class LimitTablesSql(NpgsqlDataSource database)
{
    public NpgsqlDataSource Database => database;

    /// <summary>All or nothing: the fence check, the old rows out, the new ones in.</summary>
    public async Task SaveAsync(string jobId, long? epoch, LimitTables limit, CancellationToken cancellation = default)
    {
        await using var batch = database.CreateBatch();
        if (epoch is { } fence) batch.BatchCommands.Add(JobTables.FenceCheck(jobId, fence));
        var clear = new NpgsqlBatchCommand("DELETE FROM ensemble.limit_solutions WHERE job_id = @job");
        clear.Parameters.AddWithValue("job", jobId);
        batch.BatchCommands.Add(clear);
        var grids = new Dictionary<string, Simulation.Limits.UniformGrid>();
        for (int i = 0; i < limit.Diagnostics.Count; i++)
        {
            batch.BatchCommands.Add(InsertSolution(jobId, i, limit.Diagnostics[i]));
            grids[limit.Diagnostics[i].Equation] = limit.Diagnostics[i].Grid();
        }
        if (limit.Moments.Count > 0) batch.BatchCommands.Add(InsertMoments(jobId, limit.Moments));
        for (int b = 0; b < limit.Densities.Count; b++) batch.BatchCommands.Add(InsertDensity(jobId, b, limit.Densities[b], grids));
        await batch.ExecuteNonQueryAsync(cancellation);
    }

    public async Task<LimitTables> ReadAsync(string jobId, CancellationToken cancellation = default)
    {
        var diagnostics = new List<LimitDiagnosticsRow>();
        await using (var command = database.CreateCommand("""
            SELECT equation, lower_corner, cells, cell_size, steps, time_step, convolution, mass_drift, mass_at_boundary, minimum_density,
                   elapsed_seconds
            FROM ensemble.limit_solutions WHERE job_id = @job ORDER BY position
            """))
        {
            command.Parameters.AddWithValue("job", jobId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                diagnostics.Add(new LimitDiagnosticsRow(reader.GetString(0), reader.GetFieldValue<double[]>(1), reader.GetFieldValue<int[]>(2),
                    reader.GetDouble(3), reader.GetInt32(4), reader.GetDouble(5), reader.GetString(6), reader.GetDouble(7), reader.GetDouble(8),
                    reader.GetDouble(9), reader.GetDouble(10)));
        }
        if (diagnostics.Count == 0) return LimitTables.None;

        var moments = new List<LimitRow>();
        await using (var command = database.CreateCommand("""
            SELECT equation, species, time, observable, component, value FROM ensemble.limit_moments WHERE job_id = @job ORDER BY row_number
            """))
        {
            command.Parameters.AddWithValue("job", jobId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                moments.Add(new LimitRow(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3), reader.GetString(4),
                    reader.GetDouble(5)));
        }

        var densities = new List<LimitDensity>();
        await using (var command = database.CreateCommand("""
            SELECT min(equation), min(species), min(time), array_agg(density ORDER BY cell)
            FROM ensemble.limit_density WHERE job_id = @job GROUP BY block ORDER BY block
            """))
        {
            command.Parameters.AddWithValue("job", jobId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                densities.Add(new LimitDensity(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetFieldValue<double[]>(3)));
        }
        return new LimitTables(moments, densities, diagnostics);
    }

    private static NpgsqlBatchCommand InsertSolution(string jobId, int position, LimitDiagnosticsRow d)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.limit_solutions (job_id, equation, position, dimension, lower_corner, cells, cell_size, steps, time_step,
                                                  convolution, mass_drift, mass_at_boundary, minimum_density, elapsed_seconds)
            VALUES (@job, @equation, @position, @dimension, @lower, @cells, @h, @steps, @dt, @convolution, @drift, @boundary, @minimum, @elapsed)
            """);
        var p = command.Parameters;
        p.AddWithValue("job", jobId);
        p.AddWithValue("equation", d.Equation);
        p.AddWithValue("position", position);
        p.AddWithValue("dimension", d.Cells.Length);
        p.AddWithValue("lower", d.Lower);
        p.AddWithValue("cells", d.Cells);
        p.AddWithValue("h", d.Spacing);
        p.AddWithValue("steps", d.Steps);
        p.AddWithValue("dt", d.TimeStep);
        p.AddWithValue("convolution", d.Convolution);
        p.AddWithValue("drift", d.MassDrift);
        p.AddWithValue("boundary", d.MassAtBoundary);
        p.AddWithValue("minimum", d.MinimumDensity);
        p.AddWithValue("elapsed", d.ElapsedSeconds);
        return command;
    }

    private static NpgsqlBatchCommand InsertMoments(string jobId, IReadOnlyList<LimitRow> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.limit_moments (job_id, row_number, equation, species, time, observable, component, value)
            SELECT @job, r.* FROM unnest(@row, @equation, @species, @time, @observable, @component, @value) AS r
            """);
        var p = command.Parameters;
        p.AddWithValue("job", jobId);
        p.Add(new NpgsqlParameter<int[]>("row", Enumerable.Range(0, rows.Count).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("equation", rows.Select(r => r.Equation).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("species", rows.Select(r => r.Species).ToArray()));
        p.Add(new NpgsqlParameter<double[]>("time", rows.Select(r => r.Time).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("observable", rows.Select(r => r.Observable).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("component", rows.Select(r => r.Component).ToArray()));
        p.Add(new NpgsqlParameter<double[]>("value", rows.Select(r => r.Value).ToArray()));
        return command;
    }

    /// <summary>One block's cells with their centres: the scalar columns once, the per-cell ones as arrays.</summary>
    private static NpgsqlBatchCommand InsertDensity(string jobId, int block, LimitDensity density, Dictionary<string, Simulation.Limits.UniformGrid> grids)
    {
        var grid = grids.TryGetValue(density.Equation, out var g) ? g
            : throw new ArgumentException($"a density of the {density.Equation} equation without its solution row");
        if (density.Values.Length != grid.CellCount)
            throw new ArgumentException($"a {density.Equation} density of {density.Values.Length} cells on a grid of {grid.CellCount}");
        var centres = new double[3][];
        for (int a = 0; a < grid.Dimension; a++)
        {
            centres[a] = new double[grid.CellCount];
            for (int c = 0; c < grid.CellCount; c++) centres[a][c] = grid.Centre(a, grid.IndexOn(c, a));
        }
        var command = new NpgsqlBatchCommand("""
            INSERT INTO ensemble.limit_density (job_id, block, cell, equation, species, time, x, y, z, density)
            SELECT @job, @block, (c.n - 1)::integer, @equation, @species, @time, c.x, c.y, c.z, c.density
            FROM unnest(@x, @y, @z, @density) WITH ORDINALITY AS c(x, y, z, density, n)
            """);
        var p = command.Parameters;
        p.AddWithValue("job", jobId);
        p.AddWithValue("block", block);
        p.AddWithValue("equation", density.Equation);
        p.AddWithValue("species", density.Species);
        p.AddWithValue("time", density.Time);
        p.Add(new NpgsqlParameter<double[]>("x", centres[0]));
        foreach (var (name, axis) in new[] { ("y", 1), ("z", 2) })
            p.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = (object?)centres[axis] ?? DBNull.Value });
        p.Add(new NpgsqlParameter<double[]>("density", density.Values));
        return command;
    }
}
