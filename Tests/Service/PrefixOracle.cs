using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>
/// The early stop and the prefix history computed independently of the service: seeds folded one by
/// one in index order with the simulation core and a whole <see cref="EnsembleAccumulator"/>, the
/// estimate read from its rows after each fold.
/// </summary>
public sealed class PrefixOracle
{
    /// <summary>Row n - 1: the estimate of seeds 0 .. n - 1.</summary>
    public IReadOnlyList<EstimateRow> Rows { get; }

    public PrefixOracle(SimulationSpec spec, int realisations, ulong seed, string observable, string species, double time, string component)
    {
        var simulator = Simulator.Create(spec);
        var accumulator = new EnsembleAccumulator(spec);
        var rows = new List<EstimateRow>();
        for (uint i = 0; i < realisations; i++)
        {
            var (flattened, _) = accumulator.Prepare(simulator.Run(new RealisationSeed(seed, i)));
            if (flattened is not null) accumulator.Add(flattened);
            rows.Add(accumulator.Estimates().Single(r => r.Observable == observable && r.Species == species && r.Component == component
                && Math.Abs(r.Time - time) <= 1e-9));
        }
        Rows = rows;
    }

    public static PrefixOracle For(SimulationSpec spec, int realisations, ulong seed)
    {
        var stop = spec.Stop!;
        return new PrefixOracle(spec, realisations, seed, stop.Observable, stop.Species, stop.Time, stop.Component);
    }

    public EstimateRow At(int n) => Rows[n - 1];

    /// <summary>The smallest n &gt;= min whose prefix meets the target, or null when none up to R does.</summary>
    public int? FirstMeeting(int min, double? targetSe, double? relativeSe)
    {
        for (int n = min; n <= Rows.Count; n++)
        {
            var row = At(n);
            if (row.Count < 2 || !double.IsFinite(row.StandardError)) continue;
            if (targetSe is { } t ? row.StandardError <= t : row.StandardError <= relativeSe!.Value * Math.Abs(row.Mean)) return n;
        }
        return null;
    }

    /// <summary>The history a job of final prefix <paramref name="final"/> must show: 8, 16, 32, ... up to it, and it.</summary>
    public void AssertHistory(PrefixHistory? history, int final)
    {
        Assert.NotNull(history);
        var expected = new List<int>();
        for (int n = 8; n < final; n *= 2) expected.Add(n);
        expected.Add(final);
        Assert.Equal(expected, history.Points.Select(p => p.Realisations));
        foreach (var point in history.Points)
        {
            var row = At(point.Realisations);
            Assert.Equal(row.Count, point.Count);
            Assert.True(BitConverter.DoubleToInt64Bits(row.Mean) == BitConverter.DoubleToInt64Bits(point.Mean), $"mean at {point.Realisations}");
            Assert.True(BitConverter.DoubleToInt64Bits(row.StandardError) == BitConverter.DoubleToInt64Bits(point.StandardError),
                $"se at {point.Realisations}: {row.StandardError:R} vs {point.StandardError:R}");
        }
    }
}
