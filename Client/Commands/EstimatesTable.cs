using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;
using MathNet.Numerics.Statistics;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>
/// Ensemble estimates E[mean] and E[variance] per species, axis and output time, over the
/// successful realisations in seed order, with standard errors (sd / sqrt(R)).
/// </summary>
public static class EstimatesTable
{
    public static void Write(SimulationSpec spec, IReadOnlyList<RealisationResult> results)
    {
        var succeeded = results.Where(r => r.Succeeded).OrderBy(r => r.Seed.Index).ToArray();
        if (succeeded.Length == 0) return;
        int d = spec.Model.Dimension;
        var names = spec.Model.AllSpecies().Select((s, k) => s.Name ?? $"species {k}").ToArray();
        var table = new Table().Title("ensemble estimates (mean ± standard error over realisations)");
        table.AddColumns("time", "species", "axis", "E[[cloud mean]]", "E[[cloud variance]]");
        int outputs = succeeded[0].Snapshots.Count;
        for (int t = 0; t < outputs; t++)
        for (int k = 0; k < names.Length; k++)
        for (int a = 0; a < d; a++)
        {
            int diagonal = a * d - a * (a - 1) / 2;
            var mean = new RunningStatistics(succeeded.Select(r => r.Snapshots[t].Species[k].Mean[a]));
            var variance = new RunningStatistics(succeeded.Select(r => r.Snapshots[t].Species[k].Covariance[diagonal]));
            table.AddRow(
                $"{succeeded[0].Snapshots[t].Time:G4}",
                Markup.Escape(names[k]),
                Components.Axis(a),
                Format(mean),
                Format(variance));
        }
        AnsiConsole.Write(table);
    }

    private static string Format(RunningStatistics s) =>
        s.Count > 1 ? $"{s.Mean:F5} ± {s.StandardDeviation / Math.Sqrt(s.Count):F5}" : $"{s.Mean:F5}";
}
