using Ensemble.Reports.Data;
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
    /// <summary>At most this many seeds are re-run: enough for 5% and 95% quantiles, cheap beside the job.</summary>
    public const int MaxSeeds = 64;

    public const double LowerQuantile = 0.05, UpperQuantile = 0.95;

    /// <summary>The observables whose spread the moment figures show.</summary>
    public static readonly string[] SpreadObservables = ["mean", "covariance", "central_moment_3", "central_moment_4"];

    /// <summary>
    /// What the replay found; <see cref="Spread"/> null when it was skipped, and <see cref="Note"/> says why or how many
    /// seeds the budget allowed.
    /// </summary>
    public sealed record Outcome(RealisationSpread? Spread, IReadOnlyList<StandardErrorSeries> StandardErrors, int Failed, string? Note = null);

    /// <summary>
    /// As <see cref="Run"/>, within a time budget: skipped when preparing the spec (solving its limit, which took
    /// <paramref name="setupSeconds"/> for the job) would alone exceed it; otherwise seed 0 is timed and K is cut to
    /// what the budget allows on this machine's cores (at least 1, at most min(R, <see cref="MaxSeeds"/>)).
    /// </summary>
    public static Outcome RunWithin(TimeSpan budget, double setupSeconds, string specText, ulong masterSeed, long realisations,
        Func<uint, ulong?>? recordedChecksum = null)
    {
        if (setupSeconds > budget.TotalSeconds)
            return new Outcome(null, [], 0, $"no seeds were re-run: solving the job's limit took {setupSeconds:F1} s, over the report's budget of "
                + $"{budget.TotalSeconds:F0} s (`report JOB --replay-seconds S` allows more)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var simulator = Simulator.Create(SpecJson.Parse(specText));
        double prepared = clock.Elapsed.TotalSeconds;
        var first = simulator.Run(new RealisationSeed(masterSeed, 0));
        double each = Math.Max(clock.Elapsed.TotalSeconds - prepared, 1e-4);
        double left = Math.Max(0, budget.TotalSeconds - clock.Elapsed.TotalSeconds);
        long affordable = 1 + (long)(left * Environment.ProcessorCount / each);
        int k = (int)Math.Min(Math.Min(realisations, MaxSeeds), affordable);
        var outcome = Run(simulator, first, masterSeed, k, recordedChecksum, null);
        string? note = k < Math.Min(realisations, MaxSeeds)
            ? $"only the first {k} seeds were re-run: one took {each:F2} s, and the report's budget is {budget.TotalSeconds:F0} s "
              + "(`report JOB --replay-seconds S` allows more)"
            : null;
        return outcome with { Note = note };
    }

    /// <summary>
    /// Runs seeds 0..min(R, <see cref="MaxSeeds"/>)-1 in parallel and folds them in seed order.
    /// <paramref name="recordedChecksum"/> gives the job's checksum of a seed (null when none is recorded) to count
    /// how many reproduced; <paramref name="chosen"/>: the (observable, component) pairs of the first species at the
    /// last output time whose standard error is followed against R (default the mean's x and the covariance's xx).
    /// </summary>
    public static Outcome Run(string specText, ulong masterSeed, long realisations, Func<uint, ulong?>? recordedChecksum = null,
        IReadOnlyList<(string Observable, string Component)>? chosen = null, int maxSeeds = MaxSeeds)
    {
        var simulator = Simulator.Create(SpecJson.Parse(specText));
        return Run(simulator, null, masterSeed, (int)Math.Min(realisations, maxSeeds), recordedChecksum, chosen);
    }

    private static Outcome Run(Simulator simulator, RealisationResult? first, ulong masterSeed, int k, Func<uint, ulong?>? recordedChecksum,
        IReadOnlyList<(string Observable, string Component)>? chosen)
    {
        var spec = simulator.Spec;
        var results = new RealisationResult[k];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = i == 0 && first is not null ? first : simulator.Run(new RealisationSeed(masterSeed, (uint)i)));
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
