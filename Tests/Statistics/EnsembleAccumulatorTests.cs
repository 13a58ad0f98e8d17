using System.Text.Json;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Statistics;

/// <summary>
/// The accumulator's contracts: bit-identical estimates whatever the folding order and merge tree,
/// the documented layout and row order, state round trips, and refusal of what would poison it.
/// </summary>
public sealed class EnsembleAccumulatorTests
{
    [Fact]
    public void EveryOrderAndMergeTreeGivesBitIdenticalEstimatesAndState()
    {
        var spec = EnsembleSamples.Interacting();
        var results = EnsembleSamples.Run(spec, 40, seed: 77);
        var reference = Fold(spec, results);
        var estimates = reference.Estimates();
        var state = reference.ToState();
        var random = new System.Random(5);

        for (int permutation = 0; permutation < 6; permutation++)
        {
            var shuffled = results.ToArray();
            random.Shuffle(shuffled);
            var folded = Fold(spec, shuffled);
            AssertSameBits(estimates, folded.Estimates());
            Assert.Equal(state, folded.ToState());
        }
        for (int tree = 0; tree < 6; tree++)
        {
            var merged = RandomMergeTree(spec, results, random, throughState: tree % 2 == 1);
            AssertSameBits(estimates, merged.Estimates());
            Assert.Equal(state, merged.ToState());
        }
    }

    [Fact]
    public void RowsComeInTheDocumentedOrderWithEachRealisationsValues()
    {
        // One unnamed species, one output time: every row of one block, in order.
        var named = TestSpecs.Pairwise(2, 5, [[0.0]], steps: 2, observables: new ObservablesSpec
        {
            Histogram = new HistogramSpec { Lower = [-1.0, -1.0], Upper = [1.0, 1.0], Bins = [2, 1] },
            TestFunctions = [new CosineMode { Wavevector = [1.0, 0.0] }],
        });
        var model = (PairwiseModelSpec)named.Model;
        var spec = SpecValidator.Validate(named with { Model = model with { Species = [model.Species[0] with { Name = null }] } });
        var accumulator = new EnsembleAccumulator(spec);
        var result = Simulator.Create(spec).Run(new RealisationSeed(1, 0));
        accumulator.Add(result);
        var rows = accumulator.Estimates();

        string[] expected =
        [
            "mean x", "mean y", "covariance xx", "covariance xy", "covariance yy",
            "central_moment_3 x", "central_moment_3 y", "central_moment_4 x", "central_moment_4 y",
            "histogram bin0", "histogram bin1", "histogram_outside all",
            "tagged_position 0.x", "tagged_position 0.y", "tagged_position 1.x", "tagged_position 1.y",
            "test_function q0", "tagged_covariance x", "tagged_covariance y", "test_function_fluctuation q0",
        ];
        Assert.Equal(expected, rows.Select(r => $"{r.Observable} {r.Component}"));
        Assert.Equal(17, accumulator.Width);
        Assert.All(rows, r => Assert.Equal("0", r.Species));
        Assert.All(rows, r => Assert.Equal(2e-3, r.Time));

        var observed = result.Snapshots[0].Species[0];
        double[] values =
        [
            .. observed.Mean, .. observed.Covariance, .. observed.ThirdCentralMoment, .. observed.FourthCentralMoment,
            .. observed.HistogramDensity!, observed.HistogramOutsideFraction, .. observed.TaggedPositions[0], .. observed.TaggedPositions[1],
            .. observed.TestFunctionAverages,
        ];
        Assert.Equal(values, accumulator.Flatten(result));
        Assert.Equal(values, rows.Take(17).Select(r => r.Mean));
        Assert.Equal(values, rows.Take(17).Select(r => r.Min));
        Assert.Equal(values, rows.Take(17).Select(r => r.Max));
    }

    [Fact]
    public void BlocksGoByTimeThenSpeciesWithTheSpeciesNames()
    {
        var spec = EnsembleSamples.Interacting();
        var accumulator = new EnsembleAccumulator(spec);
        var result = EnsembleSamples.Run(spec, 1, seed: 3)[0];
        accumulator.Add(result);
        var means = accumulator.Estimates().Where(r => r.Observable == "mean" && r.Component == "y").ToArray();

        Assert.Equal(["s0", "s1", "s0", "s1", "s0", "s1"], means.Select(r => r.Species));
        double[] times = [0.0, 5 * EnsembleSamples.Dt, 10 * EnsembleSamples.Dt];
        Assert.Equal(times.SelectMany(t => new[] { t, t }), means.Select(r => r.Time));
        for (int t = 0; t < 3; t++)
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(result.Snapshots[t].Time, means[2 * t + k].Time);
            Assert.Equal(result.Snapshots[t].Species[k].Mean[1], means[2 * t + k].Mean);
        }
    }

    [Fact]
    public void OneRealisationGivesNaNStandardErrorsAndNoRealisationGivesNaNEverywhere()
    {
        var spec = EnsembleSamples.Interacting();
        var accumulator = new EnsembleAccumulator(spec);
        Assert.All(accumulator.Estimates(), r =>
        {
            Assert.Equal(0, r.Count);
            Assert.True(double.IsNaN(r.Mean) && double.IsNaN(r.StandardError) && double.IsNaN(r.Min) && double.IsNaN(r.Max));
        });

        accumulator.Add(EnsembleSamples.Run(spec, 1, seed: 9)[0]);
        Assert.All(accumulator.Estimates(), r =>
        {
            Assert.Equal(1, r.Count);
            Assert.True(double.IsNaN(r.StandardError) && double.IsNaN(r.CiLow) && double.IsNaN(r.CiHigh), $"{r.Observable} {r.Component}");
        });
        Assert.All(accumulator.Estimates().Where(r => r.Observable == "mean"), r => Assert.True(double.IsFinite(r.Mean)));
    }

    [Fact]
    public void StateRoundTripsToIdenticalEstimatesDirectlyAndThroughJson()
    {
        var spec = EnsembleSamples.Interacting();
        var accumulator = Fold(spec, EnsembleSamples.Run(spec, 25, seed: 12));
        var state = accumulator.ToState();

        var restored = EnsembleAccumulator.FromState(spec, state);
        Assert.Equal(accumulator.Count, restored.Count);
        AssertSameBits(accumulator.Estimates(), restored.Estimates());
        Assert.Equal(state, restored.ToState());

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Deserialize<EnsembleAccumulatorState>(JsonSerializer.Serialize(state, options), options)!;
        AssertSameBits(accumulator.Estimates(), EnsembleAccumulator.FromState(spec, json).Estimates());

        // An empty accumulator's state has no infinities in it, so it serialises with the defaults too.
        var empty = new EnsembleAccumulator(spec).ToState();
        var emptyJson = JsonSerializer.Deserialize<EnsembleAccumulatorState>(JsonSerializer.Serialize(empty, options), options)!;
        Assert.Equal(0, EnsembleAccumulator.FromState(spec, emptyJson).Count);

        // Going on after a restore is the same as never having stopped.
        var more = EnsembleSamples.Run(spec, 3, seed: 13);
        foreach (var r in more)
        {
            accumulator.Add(r);
            restored.Add(r);
        }
        Assert.Equal(accumulator.ToState(), restored.ToState());
    }

    [Fact]
    public void StatesOfAnotherLayoutAreRefused()
    {
        var spec = EnsembleSamples.Interacting();
        var other = EnsembleSamples.Interacting(observables: new ObservablesSpec());
        var state = Fold(other, EnsembleSamples.Run(other, 2, seed: 1)).ToState();
        Assert.Throws<ArgumentException>(() => EnsembleAccumulator.FromState(spec, state));
        var good = Fold(spec, EnsembleSamples.Run(spec, 2, seed: 1)).ToState();
        Assert.Throws<ArgumentException>(() => EnsembleAccumulator.FromState(spec, good with { Sums = good.Sums[1..] }));
        Assert.Throws<ArgumentException>(() => EnsembleAccumulator.FromState(spec, good with { Minimum = [] }));
    }

    [Fact]
    public void FlattenRefusesAFailedRealisationAndOneOfAnotherSpec()
    {
        var spec = EnsembleSamples.Interacting();
        var accumulator = new EnsembleAccumulator(spec);
        var failed = RealisationResult.Failed(new RealisationSeed(1, 4), new RealisationFailure(3, 3e-3, 0, 1, 0, "non-finite position"));
        var error = Assert.Throws<ArgumentException>(() => accumulator.Flatten(failed));
        Assert.Contains("failed", error.Message);
        Assert.Throws<ArgumentException>(() => accumulator.Add(failed));

        var fewerTimes = SpecValidator.Validate(spec with { Time = spec.Time with { OutputTimes = null } });
        var otherResult = Simulator.Create(fewerTimes).Run(new RealisationSeed(1, 0));
        Assert.Throws<ArgumentException>(() => accumulator.Flatten(otherResult));
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void NonFiniteNumbersAreRefusedBeforeAnythingChanges()
    {
        var spec = EnsembleSamples.Interacting();
        var accumulator = Fold(spec, EnsembleSamples.Run(spec, 3, seed: 2));
        var before = accumulator.ToState();
        var flattened = accumulator.Flatten(EnsembleSamples.Run(spec, 4, seed: 2)[3]);

        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, 1e200 })
        {
            var poisoned = flattened.ToArray();
            poisoned[^1] = bad;   // the last test-function average of the last block: its 4th power would overflow
            Assert.Throws<ArgumentException>(() => accumulator.Add(poisoned));
            Assert.Equal(before, accumulator.ToState());
        }
        Assert.Throws<ArgumentException>(() => accumulator.Add(flattened.AsSpan(1)));
        accumulator.Add(flattened);
        Assert.Equal(4, accumulator.Count);
    }

    [Fact]
    public void AccumulatorsOfDifferentLayoutsDoNotMerge()
    {
        var a = new EnsembleAccumulator(EnsembleSamples.Interacting());
        var b = new EnsembleAccumulator(EnsembleSamples.Interacting(particles: 13));
        Assert.Throws<ArgumentException>(() => a.Merge(b));
    }

    internal static EnsembleAccumulator Fold(SimulationSpec spec, IEnumerable<RealisationResult> results)
    {
        var accumulator = new EnsembleAccumulator(spec);
        foreach (var result in results) accumulator.Add(result);
        return accumulator;
    }

    /// <summary>Random chunks folded into partial accumulators, merged pairwise in random order.</summary>
    private static EnsembleAccumulator RandomMergeTree(SimulationSpec spec, RealisationResult[] results, System.Random random, bool throughState)
    {
        var partials = new List<EnsembleAccumulator>();
        for (int i = 0; i < results.Length;)
        {
            int length = random.Next(1, 9);
            var partial = Fold(spec, results.Skip(i).Take(length).Reverse());
            partials.Add(throughState ? EnsembleAccumulator.FromState(spec, partial.ToState()) : partial);
            i += length;
        }
        partials.Insert(random.Next(partials.Count + 1), new EnsembleAccumulator(spec));   // an empty partial changes nothing
        while (partials.Count > 1)
        {
            int a = random.Next(partials.Count), b = random.Next(partials.Count - 1);
            if (b >= a) b++;
            partials[a].Merge(partials[b]);
            partials.RemoveAt(b);
        }
        return partials[0];
    }

    internal static void AssertSameBits(IReadOnlyList<EstimateRow> expected, IReadOnlyList<EstimateRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.Observable, e.Species, e.Component, e.Count), (a.Observable, a.Species, a.Component, a.Count));
            Assert.Equal(Bits(e), Bits(a));
        }

        static long[] Bits(EstimateRow r) =>
            new[] { r.Time, r.Mean, r.StandardError, r.CiLow, r.CiHigh, r.Min, r.Max }.Select(BitConverter.DoubleToInt64Bits).ToArray();
    }
}
