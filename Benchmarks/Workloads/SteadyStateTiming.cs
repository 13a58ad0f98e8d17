using System.Diagnostics;
using System.Runtime;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// Times a repeated action only once tiered compilation has reached steady state: warm-up runs continue until three
/// consecutive runs lie within <see cref="Tolerance"/> of each other, the JIT compiled no method during them and none for
/// the last <see cref="QuietSeconds"/> either, then the timed runs follow. The quiet time matters because promotion
/// counts calls: a method called once per realisation (the step loop) is promoted only after tens of realisations, and
/// between its promotions whole runs pass with no compilation at all. A fixed warm-up is not enough: pinned to one core, a
/// one-second warm-up left W1's step loop unpromoted (issue 14: 1.8-2.9e6 instead of 7.5e6 particle-steps/s).
/// </summary>
public static class SteadyStateTiming
{
    /// <summary>Largest (max - min) / min over three consecutive warm-up runs that counts as stable.</summary>
    public const double Tolerance = 0.02;

    /// <summary>Seconds without any JIT compilation before the warm-up may end.</summary>
    public const double QuietSeconds = 2.0;

    /// <param name="MedianSeconds">median of the timed runs</param>
    /// <param name="MinSeconds">fastest timed run</param>
    /// <param name="MaxSeconds">slowest timed run</param>
    /// <param name="WarmUpRuns">runs before timing started</param>
    /// <param name="WarmUpSeconds">time they took</param>
    /// <param name="Settled">whether the stability criterion was met, rather than the warm-up's time limit</param>
    public sealed record Timing(double MedianSeconds, double MinSeconds, double MaxSeconds, int TimedRuns, int WarmUpRuns, double WarmUpSeconds,
        bool Settled)
    {
        /// <summary>(max - min) / median of the timed runs.</summary>
        public double Spread => (MaxSeconds - MinSeconds) / MedianSeconds;
    }

    /// <summary>
    /// Runs <paramref name="run"/> (given a run number, counting from 0 over warm-up and timed runs) until steady, at least
    /// <paramref name="minWarmUpRuns"/> times and for at most <paramref name="maxWarmUpSeconds"/>, then times it
    /// <paramref name="timedRuns"/> times.
    /// </summary>
    public static Timing Measure(Action<int> run, int timedRuns, int minWarmUpRuns = 10, double maxWarmUpSeconds = 30.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timedRuns, 1);
        var warmUp = Stopwatch.StartNew();
        var recent = new Queue<(double Seconds, long Compiled)>();
        int runs = 0;
        bool settled = false;
        double lastCompilation = 0.0;
        while (true)
        {
            long compiledBefore = JitInfo.GetCompiledMethodCount();
            double seconds = Time(run, runs++);
            long compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
            if (compiled > 0) lastCompilation = warmUp.Elapsed.TotalSeconds;
            recent.Enqueue((seconds, compiled));
            if (recent.Count > 3) recent.Dequeue();
            if (runs >= minWarmUpRuns && recent.Count == 3 && recent.All(r => r.Compiled == 0)
                && warmUp.Elapsed.TotalSeconds - lastCompilation >= QuietSeconds
                && recent.Max(r => r.Seconds) <= (1.0 + Tolerance) * recent.Min(r => r.Seconds))
            {
                settled = true;
                break;
            }
            if (warmUp.Elapsed.TotalSeconds >= maxWarmUpSeconds && runs >= minWarmUpRuns) break;
        }
        double warmUpSeconds = warmUp.Elapsed.TotalSeconds;
        var timed = new double[timedRuns];
        for (int i = 0; i < timedRuns; i++) timed[i] = Time(run, runs++);
        Array.Sort(timed);
        return new Timing(timed[timedRuns / 2], timed[0], timed[^1], timedRuns, runs - timedRuns, warmUpSeconds, settled);
    }

    private static double Time(Action<int> run, int index)
    {
        var clock = Stopwatch.StartNew();
        run(index);
        return clock.Elapsed.TotalSeconds;
    }
}
