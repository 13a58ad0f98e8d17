using System.Globalization;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// The names of the per-realisation observables a spec's <c>limit</c> section adds, fixed by the spec
/// alone. Appended to every (time, species) block, for each equation of the section in its order:
/// weak_error (component "equation.mean.x", "equation.covariance.xx", …, "equation.q0", …: the
/// particles' value minus the PDE's), then the distances to the PDE density — in d = 1
/// wasserstein_1, wasserstein_1_floor, wasserstein_2, wasserstein_2_floor; in d &gt;= 2
/// sliced_wasserstein_1 and sliced_wasserstein_1_floor (component = the equation; a floor is the
/// same distance for N independent samples of the PDE density) — and, with a pair histogram, the
/// one-hot joint bin of the tagged pair's first coordinates (tagged_pair_histogram "b{i0}.{i1}", particle 0
/// in bin i0 and particle 1 in bin i1, and "outside"), and with a histogram, per equation, the PDE's own
/// mean density on each histogram bin (limit_histogram "equation.bin{i}": the same in every realisation,
/// so its estimate is the PDE's value with se 0, and the ensemble-averaged histogram's L1 distance to it
/// can be derived wherever the sums are). Per output time, after the species blocks, the coupling
/// errors (species "all"): coupling_sup_max_abs and coupling_sup_max_sq against "intermediate", coupling_sup_max_abs against
/// "limit", coupling_sup_sq against "nonlinear", for the coupled processes of the section in its order.
/// Without a limit section both parts are empty, so the layout is what it was.
/// </summary>
internal sealed class LimitLayout
{
    public LimitLayout(SimulationSpec spec)
    {
        var limit = spec.Limit;
        int d = spec.Model.Dimension;
        int functions = (spec.Observables?.TestFunctions ?? []).Count;
        var species = new List<(string, string)>();
        var joint = new List<(string, string)>();
        Equations = limit?.Equations.ToArray() ?? [];
        foreach (var equation in Equations)
        {
            string e = Name(equation);
            for (int a = 0; a < d; a++) species.Add(("weak_error", $"{e}.mean.{Components.Axis(a)}"));
            foreach (string pair in Components.Pairs(d)) species.Add(("weak_error", $"{e}.covariance.{pair}"));
            for (int q = 0; q < functions; q++) species.Add(("weak_error", $"{e}.{EnsembleLayout.TestFunctionComponent(q)}"));
        }
        DistanceOffset = species.Count;
        foreach (var equation in Equations)
        foreach (string distance in DistanceNames(d))
            species.Add((distance, Name(equation)));
        PairOffset = species.Count;
        PairBins = limit?.PairHistogram?.Bins ?? 0;
        // Slot i0 + B i1 (PairHistogram's order) is named "b{i0}.{i1}": particle 0 in bin i0, particle 1 in bin i1.
        for (int i1 = 0; i1 < PairBins; i1++)
        for (int i0 = 0; i0 < PairBins; i0++)
            species.Add(("tagged_pair_histogram", PairComponent(i0, i1)));
        if (PairBins > 0) species.Add(("tagged_pair_histogram", "outside"));
        HistogramOffset = species.Count;
        HistogramBins = spec.Observables?.Histogram is { } histogram && limit is not null ? histogram.Bins.Aggregate(1, (p, b) => p * b) : 0;
        foreach (var equation in Equations)
        for (int b = 0; b < HistogramBins; b++)
            species.Add(("limit_histogram", Name(equation) + ".bin" + b.ToString(CultureInfo.InvariantCulture)));

        Coupled = limit?.Coupled.ToArray() ?? [];
        foreach (var process in Coupled)
        {
            string p = Name(process);
            switch (process)
            {
                case CoupledProcess.Intermediate:
                    joint.Add(("coupling_sup_max_abs", p));
                    joint.Add(("coupling_sup_max_sq", p));
                    break;
                case CoupledProcess.Limit:
                    joint.Add(("coupling_sup_max_abs", p));
                    break;
                case CoupledProcess.Nonlinear:
                    joint.Add(("coupling_sup_sq", p));
                    break;
            }
        }
        SpeciesNames = species;
        JointNames = joint;
    }

    public LimitEquation[] Equations { get; }
    public CoupledProcess[] Coupled { get; }

    /// <summary>Names appended to every (time, species) block.</summary>
    public IReadOnlyList<(string Observable, string Component)> SpeciesNames { get; }

    /// <summary>Names of the per-time block of joint (species "all") values.</summary>
    public IReadOnlyList<(string Observable, string Component)> JointNames { get; }

    /// <summary>Where, within the limit part of a block, the distances and the pair histogram start.</summary>
    public int DistanceOffset { get; }
    public int PairOffset { get; }

    /// <summary>Where the PDE's histogram bins start (per equation, <see cref="HistogramBins"/> each), and how many.</summary>
    public int HistogramOffset { get; }
    public int HistogramBins { get; }

    /// <summary>Bins per particle of the pair histogram (0 without one).</summary>
    public int PairBins { get; }

    /// <summary>Distances per equation: W1, its floor, W2, its floor in d = 1; sliced W1 and its floor otherwise.</summary>
    public static string[] DistanceNames(int dimension) => dimension == 1
        ? ["wasserstein_1", "wasserstein_1_floor", "wasserstein_2", "wasserstein_2_floor"]
        : ["sliced_wasserstein_1", "sliced_wasserstein_1_floor"];

    /// <summary>Scalars the limit section adds to a block and to a time, in 64 bits from the spec alone.</summary>
    public static (long PerSpecies, long PerTime) WidthOf(SimulationSpec spec)
    {
        if (spec.Limit is not { } limit) return (0, 0);
        long d = spec.Model.Dimension, functions = (spec.Observables?.TestFunctions ?? []).Count;
        long equations = (limit.Equations ?? []).Count;
        long bins = limit.PairHistogram is { } pair ? (long)pair.Bins * pair.Bins + 1 : 0;
        long histogram = spec.Observables?.Histogram is { } h ? h.Bins.Aggregate(1L, (p, b) => p * Math.Max(0, b)) : 0;
        long perSpecies = equations * (d + d * (d + 1) / 2 + functions + DistanceNames((int)d).Length + histogram) + bins;
        long perTime = (limit.Coupled ?? []).Sum(p => p == CoupledProcess.Intermediate ? 2L : 1L);
        return (perSpecies, perTime);
    }

    public static string PairComponent(int i, int j) =>
        "b" + i.ToString(CultureInfo.InvariantCulture) + "." + j.ToString(CultureInfo.InvariantCulture);

    public static string Name(LimitEquation equation) => Limits.Reporting.LimitTables.EquationName(equation);

    public static string Name(CoupledProcess process) => process switch
    {
        CoupledProcess.Intermediate => "intermediate",
        CoupledProcess.Limit => "limit",
        _ => "nonlinear",
    };
}
