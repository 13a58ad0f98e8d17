namespace Ensemble.Simulation.Statistics;

/// <summary>
/// A snapshot of an <see cref="EnsembleAccumulator"/> for persistence and messages: plain arrays,
/// numbers and canonical <see cref="ExactSumState"/>s, so it serialises with System.Text.Json's
/// defaults (no NaN or infinity anywhere). Arrays follow the accumulator's layout:
/// <list type="bullet">
/// <item><see cref="Sums"/>, <see cref="SumsOfSquares"/>, <see cref="Minimum"/>, <see cref="Maximum"/>: one per
/// flattened scalar (<see cref="Width"/>); the extremes are empty while <see cref="Count"/> is 0.</item>
/// <item><see cref="SumsOfCubes"/>, <see cref="SumsOfFourthPowers"/>: one per test-function average, per
/// (time, species) block, then per function.</item>
/// <item><see cref="TaggedCrossSums"/>: per block, per axis, the four sums of X0 X1, X0^2 X1, X0 X1^2,
/// X0^2 X1^2 of tagged slots 0 and 1; empty with fewer than two tagged particles.</item>
/// </list>
/// Equal accumulated multisets give equal states; equality compares the arrays' contents.
/// </summary>
public sealed record EnsembleAccumulatorState(
    int Width,
    long Count,
    ExactSumState[] Sums,
    ExactSumState[] SumsOfSquares,
    ExactSumState[] SumsOfCubes,
    ExactSumState[] SumsOfFourthPowers,
    ExactSumState[] TaggedCrossSums,
    double[] Minimum,
    double[] Maximum)
{
    public bool Equals(EnsembleAccumulatorState? other) =>
        other is not null && Width == other.Width && Count == other.Count
        && Same(Sums, other.Sums) && Same(SumsOfSquares, other.SumsOfSquares)
        && Same(SumsOfCubes, other.SumsOfCubes) && Same(SumsOfFourthPowers, other.SumsOfFourthPowers)
        && Same(TaggedCrossSums, other.TaggedCrossSums)
        && SameBits(Minimum, other.Minimum) && SameBits(Maximum, other.Maximum);

    public override int GetHashCode() => HashCode.Combine(Width, Count, Sums?.Length > 0 ? Sums[0] : null);

    private static bool Same(ExactSumState[]? a, ExactSumState[]? b) =>
        a is null || b is null ? ReferenceEquals(a, b) : a.AsSpan().SequenceEqual(b);

    private static bool SameBits(double[]? a, double[]? b) =>
        a is null || b is null
            ? ReferenceEquals(a, b)
            : System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(a.AsSpan())
                .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(b.AsSpan()));
}
