namespace Ensemble.Simulation.Statistics;

/// <summary>
/// The exact power sums of one per-realisation scalar (S1 = sum x, S2 = sum x^2, as
/// <see cref="ExactSum"/>s), the part of an <see cref="EnsembleAccumulator"/> that one estimate row
/// needs: its mean and se have the same bits as that row of an accumulator holding the same
/// realisations. Used to follow one estimate over prefixes of seeds without a whole accumulator per prefix.
/// </summary>
public sealed class ScalarSums
{
    private readonly ExactSum _sum;
    private readonly ExactSum _sumOfSquares;

    public ScalarSums() : this(new ExactSum(), new ExactSum(), 0)
    {
    }

    private ScalarSums(ExactSum sum, ExactSum sumOfSquares, long count)
    {
        _sum = sum;
        _sumOfSquares = sumOfSquares;
        Count = count;
    }

    public long Count { get; private set; }

    /// <summary>Folds in one value (as <see cref="EnsembleAccumulator.Add(ReadOnlySpan{double})"/> would: x and x*x added exactly).</summary>
    public void Add(double x)
    {
        if (!double.IsFinite(x * x)) throw new ArgumentException($"{x} or its square is not a finite number", nameof(x));
        _sum.Add(x);
        _sumOfSquares.Add(x * x);
        Count++;
    }

    /// <summary>Mean and se of the values folded in (NaN where they cannot be estimated: no value, or one for the se).</summary>
    public (double Mean, double StandardError) Estimate() => EnsembleAccumulator.ScalarMoments(Count, _sum.ToDouble(), _sumOfSquares.ToDouble());

    public (ExactSumState Sum, ExactSumState SumOfSquares) ToState() => (_sum.ToState(), _sumOfSquares.ToState());

    public static ScalarSums FromState(ExactSumState sum, ExactSumState sumOfSquares, long count)
    {
        if (count < 0) throw new ArgumentException($"a count of values cannot be negative, found {count}", nameof(count));
        return new ScalarSums(ExactSum.FromState(sum), ExactSum.FromState(sumOfSquares), count);
    }
}
