namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// Warm-up until tiered compilation has reached steady state: the timed action runs until three consecutive times agree
/// within 2% (or a limit is hit, which is said), so the figures that follow time optimised code, not the JIT's tiers.
/// </summary>
public static class SteadyState
{
    public const double Tolerance = 0.02;

    /// <returns>The runs it took.</returns>
    public static int WarmUp(Func<double> timed, string what, int maxRuns = 60, double maxSeconds = 120)
    {
        var times = new List<double>();
        double spent = 0;
        while (true)
        {
            double t = timed();
            times.Add(t);
            spent += t;
            if (times.Count >= 3)
            {
                var last = times[^3..];
                if ((last.Max() - last.Min()) / last.Min() <= Tolerance)
                {
                    Console.WriteLine($"  warm-up {what}: steady after {times.Count} runs ({spent:F1} s)");
                    return times.Count;
                }
            }
            if (times.Count >= maxRuns || spent >= maxSeconds)
            {
                Console.WriteLine($"  warm-up {what}: not steady within 2% after {times.Count} runs ({spent:F1} s); timing anyway");
                return times.Count;
            }
        }
    }
}
