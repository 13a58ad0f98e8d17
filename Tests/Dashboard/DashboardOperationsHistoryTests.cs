using Ensemble.Dashboard.Reading;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>The operations chart's samples: throughput is what finished between two reads, over the time between them.</summary>
public sealed class DashboardOperationsHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ThroughputIsTheRealisationsFinishedSinceTheLastReadOverItsInterval()
    {
        var history = new ClusterHistory(TimeSpan.FromMinutes(10));
        Assert.Null(history.Add(T0, 2, 5, [("a", 10)]).Throughput); // nothing to compare with yet
        // a: 10 -> 30 in 2 s; b is new, so its 100 earlier realisations are not this interval's.
        var second = history.Add(T0.AddSeconds(2), 2, 5, [("a", 30), ("b", 100)]);
        Assert.Equal(10.0, second.Throughput);
        // a finished (still listed with its last count), b went 100 -> 104 in 4 s.
        Assert.Equal(1.0, history.Add(T0.AddSeconds(6), 1, 1, [("a", 30), ("b", 104)]).Throughput);
    }

    [Fact]
    public void AReadWithoutTheJobsHasNoThroughputAndTheNextOneSpansBoth()
    {
        var history = new ClusterHistory(TimeSpan.FromMinutes(10));
        history.Add(T0, 2, 5, [("a", 10)]);
        var blind = history.Add(T0.AddSeconds(1), 2, 0, null);
        Assert.Null(blind.Throughput);
        Assert.Null(blind.InFlight);
        Assert.Equal(5.0, history.Add(T0.AddSeconds(4), 2, 5, [("a", 30)]).Throughput); // 20 in the 4 s since the last read with jobs
    }

    [Fact]
    public void SamplesOlderThanTheWindowAreDropped()
    {
        var history = new ClusterHistory(TimeSpan.FromSeconds(10));
        for (int s = 0; s <= 30; s += 2) history.Add(T0.AddSeconds(s), s, s, []);
        var kept = history.Samples();
        Assert.Equal(T0.AddSeconds(20), kept[0].At);
        Assert.Equal(T0.AddSeconds(30), kept[^1].At);
        Assert.Equal(6, kept.Length);
    }
}
