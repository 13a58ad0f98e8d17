using Ensemble.Reports.Data;
using Ensemble.Simulation.Costs;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Reports.Replay;

/// <summary>
/// Re-runs a job's first K seeds here, bit for bit from (spec, master seed, index), for what the service does not
/// store: the spread of single realisations (quantiles) and the standard error of chosen estimates as seeds 0..R-1
/// are folded in, R = 8, 16, 32, … (powers of two, seed order, so the same points on any machine).
/// </summary>
public static class SeedReplay
{
    /// <summary>The default K at most: enough for 5% and 95% quantiles, cheap beside the job.</summary>
    public const int DefaultMaxSeeds = 64;

    /// <summary>The most seeds a report re-runs when asked (<c>report JOB --replay-seeds K</c>).</summary>
    public const int MaxSeeds = 1024;

    /// <summary>
    /// One-core seconds the default K may cost at <see cref="JobCost.NominalParticleStepsPerSecond"/>: a figure of the
    /// spec, not a clock of this machine, so the same job gets the same K (and the same spread band) everywhere.
    /// </summary>
    public const double DefaultNominalCoreSeconds = 20;

    /// <summary>Over this recorded time to solve the job's limit (re-solved by the replay), the default replay is skipped.</summary>
    public const double LimitSecondsWithoutAsking = 30;

    public const double LowerQuantile = 0.05, UpperQuantile = 0.95;

    /// <summary>The observables whose spread the moment figures show.</summary>
    public static readonly string[] SpreadObservables = ["mean", "covariance", "central_moment_3", "central_moment_4"];

    /// <summary>
    /// What the replay found; <see cref="Spread"/> null when it was skipped, and <see cref="Note"/> says why, or why fewer
    /// than the default's 64 seeds were re-run.
    /// </summary>
    public sealed record Outcome(RealisationSpread? Spread, IReadOnlyList<StandardErrorSeries> StandardErrors, int Failed, string? Note = null);

    /// <summary>
    /// The default K of a job: min(R, <see cref="DefaultMaxSeeds"/>, what <see cref="DefaultNominalCoreSeconds"/> buys at the
    /// spec's nominal cost per realisation), at least 1. It depends on the spec and R alone.
    /// </summary>
    public static int DefaultSeeds(SimulationSpec spec, long realisations)
    {
        double each = Math.Max(JobCost.Of(spec, 1).NominalSecondsPerRealisation, 1e-9);
        double affordable = Math.Max(1, Math.Floor(DefaultNominalCoreSeconds / each));
        return (int)Math.Min(Math.Min(realisations, DefaultMaxSeeds), affordable);
    }

    /// <summary>
    /// The replay of a job's report: <paramref name="seeds"/> seeds when asked (0 skips it), else <see cref="DefaultSeeds"/>,
    /// skipped when the job's recorded limit solve (<paramref name="setupSeconds"/>, which the replay repeats) took over
    /// <see cref="LimitSecondsWithoutAsking"/>. Which seeds are re-run never depends on how fast this machine is.
    /// </summary>
    public static Outcome RunForReport(string specText, ulong masterSeed, long realisations, int? seeds, double setupSeconds,
        Func<uint, ulong?>? recordedChecksum = null)
    {
        const string Ask = "`report JOB --replay-seeds K` re-runs the first K";
        if (seeds == 0) return new Outcome(null, [], 0, "no seeds were re-run (--replay-seeds 0)");
        if (seeds is null && setupSeconds > LimitSecondsWithoutAsking)
            return new Outcome(null, [], 0, $"no seeds were re-run: solving the job's limit took {setupSeconds:F1} s, and a replay "
                + $"solves it again ({Ask})");
        var spec = SpecJson.Parse(specText);
        int k = seeds is { } given ? (int)Math.Min(realisations, Math.Min(given, MaxSeeds)) : DefaultSeeds(spec, realisations);
        var outcome = Run(Simulator.Create(spec), masterSeed, k, recordedChecksum, null);
        string? note = seeds is null && k < Math.Min(realisations, DefaultMaxSeeds)
            ? $"only the first {k} seeds were re-run: a realisation costs about {JobCost.Of(spec, 1).NominalSecondsPerRealisation:0.##} s of one "
              + $"core at the nominal {JobCost.NominalParticleStepsPerSecond:0e0} particle-steps/s, and the default allows "
              + $"{DefaultNominalCoreSeconds:0} s ({Ask})"
            : null;
        return outcome with { Note = note };
    }

    /// <summary>
    /// Runs seeds 0..min(R, <paramref name="maxSeeds"/>)-1 in parallel and folds them in seed order.
    /// <paramref name="recordedChecksum"/> gives the job's checksum of a seed (null when none is recorded) to count
    /// how many reproduced; <paramref name="chosen"/>: the (observable, component) pairs of the first species at the
    /// last output time whose standard error is followed against R (default the mean's x and the covariance's xx).
    /// </summary>
    public static Outcome Run(string specText, ulong masterSeed, long realisations, Func<uint, ulong?>? recordedChecksum = null,
        IReadOnlyList<(string Observable, string Component)>? chosen = null, int maxSeeds = DefaultMaxSeeds)
    {
        var simulator = Simulator.Create(SpecJson.Parse(specText));
        return Run(simulator, masterSeed, (int)Math.Min(realisations, maxSeeds), recordedChecksum, chosen);
    }

    private static Outcome Run(Simulator simulator, ulong masterSeed, int k, Func<uint, ulong?>? recordedChecksum,
        IReadOnlyList<(string Observable, string Component)>? chosen)
    {
        var spec = simulator.Spec;
        var results = new RealisationResult[k];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = simulator.Run(new RealisationSeed(masterSeed, (uint)i)));
        var succeeded = results.Where(r => r.Succeeded).ToArray();
        int? reproduced = recordedChecksum is null ? null : succeeded.Count(r => recordedChecksum(r.Seed.Index) == r.Checksum);
        var spread = Spread(spec, succeeded, reproduced);
        var series = StandardErrors(spec, succeeded, chosen ?? [("mean", "x"), ("covariance", "xx")], k);
        return new Outcome(spread, series, k - succeeded.Length);
    }

    private static RealisationSpread Spread(SimulationSpec spec, RealisationResult[] results, int? reproduced)
    {
        // One accumulator per seed: its estimates are that realisation's values, under the estimates' own names.
        var values = new Dictionary<(string, string, double, string), List<double>>();
        foreach (var result in results)
        {
            var single = new EnsembleAccumulator(spec);
            single.Add(result);
            foreach (var row in single.Estimates().Where(r => SpreadObservables.Contains(r.Observable)))
            {
                var key = (row.Observable, row.Species, row.Time, row.Component);
                if (!values.TryGetValue(key, out var list)) values[key] = list = [];
                list.Add(row.Mean);
            }
        }
        var rows = values.Select(v =>
        {
            var sorted = v.Value.Order().ToArray();
            return new SpreadRow(v.Key.Item1, v.Key.Item2, v.Key.Item3, v.Key.Item4,
                Quantile(sorted, LowerQuantile), Quantile(sorted, 0.5), Quantile(sorted, UpperQuantile));
        }).ToArray();
        return new RealisationSpread(results.Length, LowerQuantile, UpperQuantile, rows, reproduced);
    }

    private static List<StandardErrorSeries> StandardErrors(SimulationSpec spec, RealisationResult[] results,
        IReadOnlyList<(string Observable, string Component)> chosen, int seeds)
    {
        var cumulative = new EnsembleAccumulator(spec);
        string species = cumulative.SpeciesLabels[0];
        var points = chosen.Select(_ => new List<StandardErrorPoint>()).ToArray();
        double time = double.NaN;
        for (int i = 0; i < results.Length; i++)
        {
            cumulative.Add(results[i]);
            int r = i + 1;
            if (r < 8 || (r & (r - 1)) != 0) continue;
            var rows = cumulative.Estimates();
            time = rows.Max(x => x.Time);
            for (int c = 0; c < chosen.Count; c++)
            {
                var (observable, component) = chosen[c];
                double t = time;
                if (rows.FirstOrDefault(x => x.Observable == observable && x.Species == species && x.Component == component && x.Time == t) is { } row)
                    points[c].Add(new StandardErrorPoint(r, row.Mean, row.StandardError));
            }
        }
        string source = $"the first {seeds} seeds re-run for this report, folded in seed order";
        return chosen.Select((c, i) => new StandardErrorSeries(c.Observable, species, time, c.Component, source, points[i]))
            .Where(s => s.Points.Count > 0).ToList();
    }

    /// <summary>The linear-interpolation quantile (type 7) of sorted values.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
