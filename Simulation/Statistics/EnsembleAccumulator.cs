using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// Ensemble estimates over realisations, kept as exact power sums so that the aggregate is the same
/// to the bit whatever order realisations are folded in and whatever tree of partial accumulators
/// (one per silo, say) is merged; memory is O(layout) whatever the number of realisations R.
/// </summary>
/// <remarks>
/// <para>
/// Kept per flattened scalar x: S1 = sum x and S2 = sum x^2 as <see cref="ExactSum"/>s, and min and max
/// (order-independent already; -0 &lt; +0 as in <see cref="Math.Min(double, double)"/>). Per test-function
/// average also S3 and S4, for the standard error of its variance; per axis of tagged slots 0 and 1
/// the cross sums of X0 X1, X0^2 X1, X0 X1^2, X0^2 X1^2 for their covariance. Powers and products are
/// computed in double per realisation (a fixed expression, so deterministic) and then added exactly.
/// Estimates convert the sums to double first; see <see cref="SampleMoments"/> for what that costs.
/// </para>
/// <para>
/// Rows of <see cref="Estimates"/>, per output time (ascending), per species (spec order): every
/// flattened scalar in layout order — mean (x, y, z), covariance (xx, xy, …), central_moment_3,
/// central_moment_4, histogram (bin0 …) and histogram_outside (all) with a histogram, tagged_position
/// (0.x, 0.y, …, 1.x, …), test_function (q0, …) — then the derived tagged_covariance (x, y, z; with
/// at least two tagged particles) and test_function_fluctuation (q0, …).
/// </para>
/// <para>Not thread-safe, except <see cref="Flatten"/>, which only reads the layout.</para>
/// </remarks>
public sealed class EnsembleAccumulator
{
    private const int CrossTerms = 4;

    private readonly EnsembleLayout _layout;
    private readonly HistogramSpec? _histogram;
    private readonly ExactSum[] _sums;
    private readonly ExactSum[] _sumsOfSquares;
    private readonly ExactSum[] _sumsOfCubes;
    private readonly ExactSum[] _sumsOfFourthPowers;
    private readonly ExactSum[] _crossSums;
    private readonly double[] _minimum;
    private readonly double[] _maximum;

    /// <summary>An empty accumulator for the spec's observables; the spec must be validated already.</summary>
    public EnsembleAccumulator(SimulationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _layout = new EnsembleLayout(spec);
        _histogram = spec.Observables?.Histogram;
        _sums = NewSums(_layout.Width);
        _sumsOfSquares = NewSums(_layout.Width);
        _sumsOfCubes = NewSums(_layout.BlockCount * _layout.FunctionCount);
        _sumsOfFourthPowers = NewSums(_layout.BlockCount * _layout.FunctionCount);
        _crossSums = NewSums(_layout.HasTaggedPair ? _layout.BlockCount * _layout.Dimension * CrossTerms : 0);
        _minimum = new double[_layout.Width];
        _maximum = new double[_layout.Width];
        _minimum.AsSpan().Fill(double.PositiveInfinity);
        _maximum.AsSpan().Fill(double.NegativeInfinity);
    }

    /// <summary>Length of a flattened realisation.</summary>
    public int Width => _layout.Width;

    /// <summary>The species column of the estimates: each species' name, or its index when it has none.</summary>
    public IReadOnlyList<string> SpeciesLabels => _layout.SpeciesLabels;

    /// <summary>Realisations folded in, directly or through merges.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Every scalar observable of a successful realisation in the fixed layout (see
    /// <see cref="EnsembleLayout"/>). Pure: safe to call from many threads at once.
    /// </summary>
    /// <exception cref="ArgumentException">The realisation failed, or does not match the spec's layout.</exception>
    public double[] Flatten(RealisationResult result)
    {
        var flattened = new double[Width];
        _layout.Flatten(result, flattened);
        return flattened;
    }

    /// <summary>Folds in one successful realisation.</summary>
    public void Add(RealisationResult result) => Add(Flatten(result));

    /// <summary>
    /// A realisation as the estimates see it: its flattened observables, or why it is not folded
    /// in — its own numerical failure, or observables that finished finite but so large that a
    /// power or product the estimates need overflows. The one rule every path (cluster or plain
    /// loop) applies, so such a realisation is recorded as a failure instead of poisoning a job.
    /// </summary>
    public (double[]? Observables, string? Failure) Prepare(RealisationResult result)
    {
        if (!result.Succeeded) return (null, result.Failure!.Reason);
        var flattened = Flatten(result);
        return WhyNotAggregatable(flattened) is { } overflow
            ? (null, $"observables too large to aggregate: {overflow}")
            : (flattened, null);
    }

    private string? WhyNotAggregatable(ReadOnlySpan<double> flattened)
    {
        if (flattened.Length != Width) return $"a flattened realisation of this layout has {Width} numbers, found {flattened.Length}";
        try
        {
            Check(flattened);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Folds in one flattened realisation. All or nothing: a wrong length, or a number that is not
    /// finite (or whose powers are not), throws <see cref="ArgumentException"/> before anything changes.
    /// </summary>
    public void Add(ReadOnlySpan<double> flattened)
    {
        if (flattened.Length != Width)
            throw new ArgumentException($"a flattened realisation of this layout has {Width} numbers, found {flattened.Length}", nameof(flattened));
        Check(flattened);

        for (int j = 0; j < flattened.Length; j++)
        {
            double x = flattened[j];
            _sums[j].Add(x);
            _sumsOfSquares[j].Add(x * x);
            _minimum[j] = Math.Min(_minimum[j], x);
            _maximum[j] = Math.Max(_maximum[j], x);
        }
        int q = _layout.FunctionCount, d = _layout.Dimension;
        for (int b = 0; b < _layout.BlockCount; b++)
        {
            var block = flattened.Slice(b * _layout.BlockWidth, _layout.BlockWidth);
            for (int f = 0; f < q; f++)
            {
                var (cube, fourth) = HigherPowers(block[_layout.FunctionOffset + f]);
                _sumsOfCubes[b * q + f].Add(cube);
                _sumsOfFourthPowers[b * q + f].Add(fourth);
            }
            if (!_layout.HasTaggedPair) continue;
            for (int a = 0; a < d; a++)
            {
                var terms = CrossProducts(block[_layout.TaggedOffset + a], block[_layout.TaggedOffset + d + a]);
                int c = (b * d + a) * CrossTerms;
                _crossSums[c].Add(terms.X0X1);
                _crossSums[c + 1].Add(terms.X0X0X1);
                _crossSums[c + 2].Add(terms.X0X1X1);
                _crossSums[c + 3].Add(terms.X0X0X1X1);
            }
        }
        Count++;
    }

    /// <summary>Adds another accumulator of the same layout (exact: any merge tree gives the same state).</summary>
    public void Merge(EnsembleAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._layout.Signature != _layout.Signature)
            throw new ArgumentException($"accumulators of different layouts cannot be merged: {_layout.Signature} vs {other._layout.Signature}", nameof(other));
        MergeSums(_sums, other._sums);
        MergeSums(_sumsOfSquares, other._sumsOfSquares);
        MergeSums(_sumsOfCubes, other._sumsOfCubes);
        MergeSums(_sumsOfFourthPowers, other._sumsOfFourthPowers);
        MergeSums(_crossSums, other._crossSums);
        for (int j = 0; j < Width; j++)
        {
            _minimum[j] = Math.Min(_minimum[j], other._minimum[j]);
            _maximum[j] = Math.Max(_maximum[j], other._maximum[j]);
        }
        Count += other.Count;
    }

    /// <summary>
    /// Every estimate, in the order of the remarks. Scalars: mean S1/R, se = s/sqrt(R) with the sample
    /// standard deviation s, CI mean ± t s/sqrt(R) with t the 97.5% quantile of Student's t on R - 1
    /// degrees of freedom, min and max. Derived rows: see <see cref="SampleMoments"/>.
    /// </summary>
    public IReadOnlyList<EstimateRow> Estimates()
    {
        long r = Count;
        double t = SampleMoments.StudentQuantile(r);
        var layout = _layout;
        int d = layout.Dimension, q = layout.FunctionCount;
        var rows = new List<EstimateRow>(Width + layout.BlockCount * ((layout.HasTaggedPair ? d : 0) + q));
        for (int b = 0; b < layout.BlockCount; b++)
        {
            double time = layout.Times[layout.TimeOf(b)];
            string species = layout.SpeciesLabels[layout.SpeciesOf(b)];
            for (int i = 0; i < layout.BlockWidth; i++)
            {
                int j = b * layout.BlockWidth + i;
                var (observable, component) = layout.NameOf(i);
                rows.Add(Scalar(j, observable, species, time, component, r, t));
            }
            if (layout.HasTaggedPair)
            {
                for (int a = 0; a < d; a++)
                {
                    var sums = TaggedPair(b, a);
                    double covariance = SampleMoments.Covariance(r, sums);
                    double se = SampleMoments.CovarianceStandardError(r, sums);
                    rows.Add(Derived("tagged_covariance", species, time, Observables.Components.Axis(a), r, covariance, se, t));
                }
            }
            int particles = layout.Particles[layout.SpeciesOf(b)];
            for (int f = 0; f < q; f++)
            {
                int j = b * layout.BlockWidth + layout.FunctionOffset + f;
                double s1 = _sums[j].ToDouble(), s2 = _sumsOfSquares[j].ToDouble();
                double s3 = _sumsOfCubes[b * q + f].ToDouble(), s4 = _sumsOfFourthPowers[b * q + f].ToDouble();
                double variance = SampleMoments.Variance(r, s1, s2);
                double se = SampleMoments.VarianceStandardError(r, variance, SampleMoments.FourthCentralMoment(r, s1, s2, s3, s4));
                // N Var(<mu_N, phi>): O(1) as N grows iff the fluctuations of the empirical measure are O(N^-1/2).
                rows.Add(Derived("test_function_fluctuation", species, time, EnsembleLayout.TestFunctionComponent(f), r,
                    particles * variance, particles * se, t));
            }
            if (layout.Limit.PairBins > 0) rows.AddRange(PairChaosRows(b, species, time, r, t));
            if (layout.Limit.HistogramBins > 0) rows.AddRange(HistogramDistanceRows(b, species, time, r, t));
            if (layout.SpeciesOf(b) == layout.SpeciesCount - 1) rows.AddRange(JointRows(layout.TimeOf(b), r, t));
        }
        return rows;
    }

    /// <summary>A serialisable snapshot; <see cref="FromState"/> restores an accumulator with the same estimates.</summary>
    public EnsembleAccumulatorState ToState() => new(
        Width,
        Count,
        States(_sums),
        States(_sumsOfSquares),
        States(_sumsOfCubes),
        States(_sumsOfFourthPowers),
        States(_crossSums),
        Count > 0 ? (double[])_minimum.Clone() : [],
        Count > 0 ? (double[])_maximum.Clone() : []);

    /// <summary>Restores an accumulator for <paramref name="spec"/> from a snapshot of one for the same spec.</summary>
    /// <exception cref="ArgumentException">The state does not fit the spec's layout, or is malformed.</exception>
    public static EnsembleAccumulator FromState(SimulationSpec spec, EnsembleAccumulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var accumulator = new EnsembleAccumulator(spec);
        var layout = accumulator._layout;
        if (state.Width != layout.Width)
            throw new ArgumentException($"the state is of a layout of width {state.Width}, the spec's is {layout.Width}", nameof(state));
        if (state.Count < 0) throw new ArgumentException($"a count of realisations cannot be negative, found {state.Count}", nameof(state));
        Load(accumulator._sums, state.Sums, nameof(state.Sums));
        Load(accumulator._sumsOfSquares, state.SumsOfSquares, nameof(state.SumsOfSquares));
        Load(accumulator._sumsOfCubes, state.SumsOfCubes, nameof(state.SumsOfCubes));
        Load(accumulator._sumsOfFourthPowers, state.SumsOfFourthPowers, nameof(state.SumsOfFourthPowers));
        Load(accumulator._crossSums, state.TaggedCrossSums, nameof(state.TaggedCrossSums));
        if (state.Count > 0)
        {
            LoadExtremes(accumulator._minimum, state.Minimum, nameof(state.Minimum));
            LoadExtremes(accumulator._maximum, state.Maximum, nameof(state.Maximum));
        }
        else if (state.Minimum is not { Length: 0 } || state.Maximum is not { Length: 0 })
        {
            throw new ArgumentException("a state of no realisations has no minima or maxima", nameof(state));
        }
        accumulator.Count = state.Count;
        return accumulator;
    }

    /// <summary>The coupling errors of output time <paramref name="time"/> (species "all").</summary>
    private IEnumerable<EstimateRow> JointRows(int time, long r, double t)
    {
        for (int i = 0; i < _layout.JointWidth; i++)
        {
            int j = _layout.JointOffset + time * _layout.JointWidth + i;
            var (observable, component) = _layout.Limit.JointNames[i];
            yield return Scalar(j, observable, "all", _layout.Times[time], component, r, t);
        }
    }

    /// <summary>
    /// Corollary 1.11 with M = 2: the total-variation distance between the tagged pair's joint
    /// histogram (the mean one-hot bins across realisations) and the product of its marginals, with
    /// its standard error, and its bias at this R (what the estimate would be for an independent pair).
    /// </summary>
    private IEnumerable<EstimateRow> PairChaosRows(int b, string species, double time, long r, double t)
    {
        int bins = _layout.Limit.PairBins;
        int start = b * _layout.BlockWidth + _layout.LimitOffset + _layout.Limit.PairOffset;
        var frequencies = new double[bins * bins];
        if (r == 0) yield break;
        for (int i = 0; i < frequencies.Length; i++) frequencies[i] = _sums[start + i].ToDouble() / r;
        var chaos = Limits.Distances.PairChaos.TotalVariation(frequencies, bins, r);
        yield return Derived("chaos_tv", species, time, "x", r, chaos.Estimate, chaos.StandardError, t);
        yield return Derived("chaos_tv_bias", species, time, "x", r, chaos.Bias, double.NaN, t);
    }

    /// <summary>
    /// The L1 distance between the ensemble-averaged histogram and each PDE's mean density on the same bins, with
    /// its delta-method se, and the noise floor: the L1 that the bins' standard errors alone would give.
    /// </summary>
    private IEnumerable<EstimateRow> HistogramDistanceRows(int b, string species, double time, long r, double t)
    {
        if (r == 0) yield break;
        int bins = _layout.BinCount, start = b * _layout.BlockWidth;
        var mean = new double[bins];
        var se = new double[bins];
        var pde = new double[bins];
        for (int i = 0; i < bins; i++)
        {
            int j = start + _layout.HistogramOffset + i;
            double s1 = _sums[j].ToDouble(), s2 = _sumsOfSquares[j].ToDouble();
            mean[i] = s1 / r;
            se[i] = Math.Sqrt(SampleMoments.Variance(r, s1, s2) / r);
        }
        double volume = Limits.Distances.HistogramDistance.BinVolume(_histogram!);
        for (int e = 0; e < _layout.Limit.Equations.Length; e++)
        {
            int offset = start + _layout.LimitOffset + _layout.Limit.HistogramOffset + e * bins;
            for (int i = 0; i < bins; i++) pde[i] = _sums[offset + i].ToDouble() / r;
            var distance = Limits.Distances.HistogramDistance.Of(mean, se, pde, volume);
            string equation = LimitLayout.Name(_layout.Limit.Equations[e]);
            yield return Derived("histogram_l1", species, time, equation, r, distance.L1, distance.StandardError, t);
            yield return Derived("histogram_l1_floor", species, time, equation, r, distance.NoiseFloor, double.NaN, t);
        }
    }

    private EstimateRow Scalar(int j, string observable, string species, double time, string component, long r, double t)
    {
        var (mean, se) = ScalarMoments(r, _sums[j].ToDouble(), _sumsOfSquares[j].ToDouble());
        bool any = r > 0;
        return new EstimateRow(observable, species, time, component, r, mean, se, mean - t * se, mean + t * se,
            any ? _minimum[j] : double.NaN, any ? _maximum[j] : double.NaN);
    }

    /// <summary>
    /// Mean S1/R and se = s/sqrt(R) of a per-realisation scalar from its power sums: the one expression
    /// every scalar row uses, so a scalar followed on its own (a prefix history) has the same bits.
    /// </summary>
    public static (double Mean, double StandardError) ScalarMoments(long r, double s1, double s2) =>
        (s1 / r, Math.Sqrt(SampleMoments.Variance(r, s1, s2) / r));

    /// <summary>The pair power sums of tagged slots 0 and 1 on axis <paramref name="a"/> of block <paramref name="b"/>.</summary>
    private CrossPowerSums TaggedPair(int b, int a)
    {
        int x0 = b * _layout.BlockWidth + _layout.TaggedOffset + a, x1 = x0 + _layout.Dimension;
        int c = (b * _layout.Dimension + a) * CrossTerms;
        return new CrossPowerSums(
            _sums[x0].ToDouble(), _sums[x1].ToDouble(), _sumsOfSquares[x0].ToDouble(), _sumsOfSquares[x1].ToDouble(),
            _crossSums[c].ToDouble(), _crossSums[c + 1].ToDouble(), _crossSums[c + 2].ToDouble(), _crossSums[c + 3].ToDouble());
    }

    private static EstimateRow Derived(string observable, string species, double time, string component, long r, double estimate, double se, double t) =>
        new(observable, species, time, component, r, estimate, se, estimate - t * se, estimate + t * se, double.NaN, double.NaN);

    private static (double Cube, double Fourth) HigherPowers(double x)
    {
        double x2 = x * x;
        return (x2 * x, x2 * x2);
    }

    private static (double X0X1, double X0X0X1, double X0X1X1, double X0X0X1X1) CrossProducts(double x0, double x1)
    {
        double p = x0 * x1;
        return (p, p * x0, p * x1, p * p);
    }

    /// <summary>Throws unless every number, and every power or product that will be summed, is finite.</summary>
    private void Check(ReadOnlySpan<double> flattened)
    {
        for (int j = 0; j < flattened.Length; j++)
        {
            double x = flattened[j];
            if (!double.IsFinite(x * x)) throw NotFinite(j, x);   // false for NaN and infinities too
        }
        int d = _layout.Dimension;
        for (int b = 0; b < _layout.BlockCount; b++)
        {
            int start = b * _layout.BlockWidth;
            for (int f = 0; f < _layout.FunctionCount; f++)
            {
                int j = start + _layout.FunctionOffset + f;
                var (cube, fourth) = HigherPowers(flattened[j]);
                if (!double.IsFinite(cube) || !double.IsFinite(fourth)) throw NotFinite(j, flattened[j]);
            }
            if (!_layout.HasTaggedPair) continue;
            for (int a = 0; a < d; a++)
            {
                int j = start + _layout.TaggedOffset + a;
                var terms = CrossProducts(flattened[j], flattened[j + d]);
                if (!double.IsFinite(terms.X0X0X1) || !double.IsFinite(terms.X0X1X1) || !double.IsFinite(terms.X0X0X1X1))
                    throw NotFinite(j, flattened[j]);
            }
        }
    }

    private ArgumentException NotFinite(int j, double x)
    {
        if (j >= _layout.JointOffset)
        {
            int time = (j - _layout.JointOffset) / _layout.JointWidth;
            var joint = _layout.Limit.JointNames[(j - _layout.JointOffset) % _layout.JointWidth];
            return new ArgumentException($"flattened[{j}] ({joint.Observable} {joint.Component} at time {_layout.Times[time]}) is {x}: it, " +
                "or a power of it, is not a finite number, and would poison the sums", "flattened");
        }
        int b = j / _layout.BlockWidth;
        var (observable, component) = _layout.NameOf(j % _layout.BlockWidth);
        return new ArgumentException(
            $"flattened[{j}] ({observable} {component} of species {_layout.SpeciesLabels[_layout.SpeciesOf(b)]} at time {_layout.Times[_layout.TimeOf(b)]}) " +
            $"is {x}: it, or a power of it, is not a finite number, and would poison the sums", "flattened");
    }

    private static ExactSum[] NewSums(int count)
    {
        var sums = new ExactSum[count];
        for (int i = 0; i < count; i++) sums[i] = new ExactSum();
        return sums;
    }

    private static void MergeSums(ExactSum[] into, ExactSum[] from)
    {
        for (int i = 0; i < into.Length; i++) into[i].Add(from[i]);
    }

    private static ExactSumState[] States(ExactSum[] sums) => sums.Select(s => s.ToState()).ToArray();

    private static void Load(ExactSum[] into, ExactSumState[]? states, string name)
    {
        if (states is null || states.Length != into.Length)
            throw new ArgumentException($"{name}: {into.Length} exact sums for this layout, found {states?.Length.ToString() ?? "none"}", "state");
        for (int i = 0; i < into.Length; i++)
        {
            if (states[i] is null) throw new ArgumentException($"{name}[{i}] is missing", "state");
            into[i] = ExactSum.FromState(states[i]);
        }
    }

    private static void LoadExtremes(double[] into, double[]? values, string name)
    {
        if (values is null || values.Length != into.Length)
            throw new ArgumentException($"{name}: {into.Length} numbers for this layout, found {values?.Length.ToString() ?? "none"}", "state");
        if (values.Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"{name}: every extreme of a folded realisation is finite", "state");
        values.CopyTo(into, 0);
    }
}
