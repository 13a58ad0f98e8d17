namespace Ensemble.Simulation.Observables;

/// <summary>
/// What one species' particle cloud looks like at one output time (one realisation).
/// Covariance is the upper triangle in the order xx, xy, xz, yy, yz, zz (see <see cref="Components"/>);
/// moments are of the empirical measure (divisor N).
/// </summary>
public sealed record SpeciesObservables(
    double[] Mean,
    double[] Covariance,
    double[] ThirdCentralMoment,
    double[] FourthCentralMoment,
    double[]? HistogramDensity,
    double HistogramOutsideFraction,
    double[][] TaggedPositions,
    double[] TestFunctionAverages)
{
    /// <summary>The limit section's per-species values, in <c>LimitLayout</c> order; empty without one.</summary>
    public double[] LimitValues { get; init; } = [];
}

/// <summary>Observables of every species at one output time.</summary>
public sealed record ObservableSnapshot(int Step, double Time, IReadOnlyList<SpeciesObservables> Species)
{
    /// <summary>The limit section's joint values at this time (coupling errors), in <c>LimitLayout</c> order; empty without one.</summary>
    public double[] JointValues { get; init; } = [];
}

/// <summary>Component names used in tidy output: axes x, y, z and axis pairs xx, xy, ...</summary>
internal static class Components
{
    private static readonly string[] AxisNames = ["x", "y", "z"];

    public static string Axis(int a) => AxisNames[a];

    /// <summary>Names of the upper-triangle entries of a d x d matrix, in storage order.</summary>
    public static string[] Pairs(int dimension)
    {
        var names = new List<string>();
        for (int a = 0; a < dimension; a++)
        for (int b = a; b < dimension; b++)
            names.Add(AxisNames[a] + AxisNames[b]);
        return names.ToArray();
    }
}
