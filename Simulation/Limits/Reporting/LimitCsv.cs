using System.Globalization;
using Ensemble.Simulation.Observables;

namespace Ensemble.Simulation.Limits.Reporting;

/// <summary>
/// The limit's tables as tidy CSV, in the estimates' conventions (<see cref="Statistics.EstimateCsv"/>):
/// "\n" line ends, invariant culture, doubles in round-trip form, a text field quoted only when it
/// must be. <c>limit.csv</c>: one moment per line; <c>limit_density.csv</c>: one cell per line with
/// its centre, as <c>equation,species,time,cell,x[,y[,z]],density</c>.
/// </summary>
public static class LimitCsv
{
    public const string Header = "equation,species,time,observable,component,value";

    public static void WriteMoments(TextWriter writer, IEnumerable<LimitRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var r in rows)
        {
            writer.Write(string.Join(',', Text(r.Equation), Text(r.Species), Number(r.Time), Text(r.Observable), Text(r.Component), Number(r.Value)));
            writer.Write('\n');
        }
    }

    /// <summary>The density header for a limit in <paramref name="dimension"/> dimensions.</summary>
    public static string DensityHeader(int dimension) =>
        "equation,species,time,cell," + string.Concat(Enumerable.Range(0, dimension).Select(a => Components.Axis(a) + ",")) + "density";

    /// <summary>Every cell of every density, each equation's cells placed on its own grid (from its diagnostics row).</summary>
    public static void WriteDensities(TextWriter writer, LimitTables tables)
    {
        var grids = tables.Diagnostics.ToDictionary(d => d.Equation, d => d.Grid());
        int dimension = grids.Values.FirstOrDefault()?.Dimension ?? 1;
        writer.Write(DensityHeader(dimension));
        writer.Write('\n');
        foreach (var block in tables.Densities)
        {
            var grid = grids.TryGetValue(block.Equation, out var g) ? g
                : throw new ArgumentException($"a density of the {block.Equation} equation without its grid");
            if (block.Values.Length != grid.CellCount)
                throw new ArgumentException($"a {block.Equation} density of {block.Values.Length} cells on a grid of {grid.CellCount}");
            string prefix = string.Join(',', Text(block.Equation), Text(block.Species), Number(block.Time)) + ",";
            for (int c = 0; c < grid.CellCount; c++)
            {
                writer.Write(prefix);
                writer.Write(c.ToString(CultureInfo.InvariantCulture));
                for (int a = 0; a < grid.Dimension; a++)
                {
                    writer.Write(',');
                    writer.Write(Number(grid.Centre(a, grid.IndexOn(c, a))));
                }
                writer.Write(',');
                writer.Write(Number(block.Values[c]));
                writer.Write('\n');
            }
        }
    }

    private static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
