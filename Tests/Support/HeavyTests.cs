namespace Ensemble.Tests.Support;

/// <summary>
/// Tests too heavy for the suite's 15 minutes on a 2-core machine (minutes of CPU each) run only when
/// ENSEMBLE_HEAVY_TESTS=1; otherwise they are skipped with the reason and the way to run them printed.
/// </summary>
public static class HeavyTests
{
    public const string Variable = "ENSEMBLE_HEAVY_TESTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public static string Reason(string what) => $"{what}; run it with {Variable}=1";
}
