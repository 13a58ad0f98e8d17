using System.Globalization;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Reporting;

/// <summary>
/// A solved limit as tables: the moments of every species' density at step 0 and every output time
/// (<see cref="LimitRow"/>), the densities themselves, and one diagnostics row per equation — in the
/// order of the spec's limit section, then time, then species (spec order). What the results folder,
/// the database and the command line show; computed from the solutions alone, so the same bits everywhere.
/// </summary>
public sealed record LimitTables(IReadOnlyList<LimitRow> Moments, IReadOnlyList<LimitDensity> Densities, IReadOnlyList<LimitDiagnosticsRow> Diagnostics)
{
    public static LimitTables None { get; } = new([], [], []);

    public bool IsEmpty => Diagnostics.Count == 0;

    public static LimitTables Of(LimitSet limits, IReadOnlyList<string> speciesLabels) => Of(limits.Solutions, speciesLabels);

    public static LimitTables Of(IEnumerable<LimitSolution> solutions, IReadOnlyList<string> speciesLabels)
    {
        var moments = new List<LimitRow>();
        var densities = new List<LimitDensity>();
        var diagnostics = new List<LimitDiagnosticsRow>();
        foreach (var solution in solutions)
        {
            string equation = EquationName(solution.Equation);
            var grid = solution.Grid;
            diagnostics.Add(Diagnose(equation, solution));
            foreach (var snapshot in solution.Snapshots)
            {
                if (snapshot.Density.Count != speciesLabels.Count)
                    throw new ArgumentException($"the {equation} solution has {snapshot.Density.Count} species, the labels {speciesLabels.Count}");
                for (int k = 0; k < speciesLabels.Count; k++)
                {
                    string species = speciesLabels[k];
                    var density = snapshot.Density[k];
                    densities.Add(new LimitDensity(equation, species, snapshot.Time, density));
                    AddMoments(moments, equation, species, snapshot.Time, grid.Dimension, DensityMoments.Of(grid, density));
                }
            }
        }
        return new LimitTables(moments, densities, diagnostics);
    }

    /// <summary>Labels as the estimates have them: a species' name, or its index when it has none.</summary>
    public static string[] SpeciesLabels(SimulationSpec spec) =>
        spec.Model.AllSpecies().Select((s, k) => s.Name ?? k.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>"nonlocal" or "local", as the tables and the spec write it.</summary>
    public static string EquationName(LimitEquation equation) => equation.ToString().ToLowerInvariant();

    private static void AddMoments(List<LimitRow> rows, string equation, string species, double time, int d, DensityMoments m)
    {
        void Add(string observable, string component, double value) => rows.Add(new LimitRow(equation, species, time, observable, component, value));
        Add("mass", "all", m.Mass);
        for (int a = 0; a < d; a++) Add("mean", Components.Axis(a), m.Mean[a]);
        string[] pairs = Components.Pairs(d);
        for (int i = 0; i < pairs.Length; i++) Add("covariance", pairs[i], m.Covariance[i]);
        for (int a = 0; a < d; a++) Add("central_moment_3", Components.Axis(a), m.CentralMoment3[a]);
        for (int a = 0; a < d; a++) Add("central_moment_4", Components.Axis(a), m.CentralMoment4[a]);
    }

    private static LimitDiagnosticsRow Diagnose(string equation, LimitSolution solution)
    {
        var (grid, d) = (solution.Grid, solution.Diagnostics);
        return new LimitDiagnosticsRow(equation, grid.Lower.ToArray(), grid.Cells.ToArray(), grid.Spacing, d.Steps, d.TimeStep, d.Convolution,
            d.MassDrift, d.MassAtBoundary, d.MinimumDensity, d.ElapsedSeconds);
    }
}
