using Ensemble.Jobs.Dispatch;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The in-flight window: fixed when given, adaptive (once per save, up to a second of throughput) by default.</summary>
public sealed class InFlightWindowTests
{
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    private InFlightWindow Create(int initial, bool adaptive) => new(initial, adaptive, () => _now);

    /// <summary><paramref name="count"/> completions spread over <paramref name="seconds"/>.</summary>
    private void Complete(InFlightWindow window, int count, double seconds)
    {
        for (int i = 0; i < count; i++)
        {
            _now += TimeSpan.FromSeconds(seconds / count);
            window.Completed();
        }
    }

    [Fact]
    public void AFixedWindowNeverGrows()
    {
        var window = Create(8, adaptive: false);
        Complete(window, 5000, 1.0);
        Assert.False(window.Stalled(1));
        Assert.Equal(8, window.Current);
    }

    [Fact]
    public void AnAdaptiveWindowHoldsHalfASecondOfThroughputAndDoublesOncePerSaveUpToOneSecond()
    {
        var window = Create(64, adaptive: true);
        // No throughput measured yet: the floor is the cap.
        Assert.False(window.Stalled(1));
        Complete(window, 1000, 1.0);
        Assert.Equal(1000, window.Throughput, 6);
        Assert.Equal(500, window.Current);
        Assert.True(window.Stalled(2));
        Assert.Equal(1000, window.Current);
        Assert.False(window.Stalled(2)); // the same save: once
        Assert.False(window.Stalled(3)); // one second of throughput at most
        Assert.Equal(1000, window.Cap);
    }

    [Fact]
    public void ASmallWindowMayGrowToTheFloorAndNoWindowBeyondTheCeiling()
    {
        var small = Create(8, adaptive: true);
        for (int save = 1; save < 10; save++) small.Stalled(save);
        Assert.Equal(InFlightWindow.Floor, small.Current);

        var fast = Create(64, adaptive: true);
        Complete(fast, 2_000_000, 1.0);
        for (int save = 1; save < 20; save++) fast.Stalled(save);
        Assert.Equal(InFlightWindow.Ceiling, fast.Current);
    }

    [Fact]
    public void AWindowNeverShrinksWhenTheThroughputFalls()
    {
        var window = Create(64, adaptive: true);
        Complete(window, 500, 1.0);
        Assert.Equal(250, window.Current);
        for (int save = 1; save < 10; save++) window.Stalled(save);
        Assert.Equal(500, window.Current);
        Complete(window, 10, 1.0);
        Assert.Equal(10, window.Throughput, 6);
        Assert.False(window.Stalled(11));
        Assert.Equal(500, window.Current);
    }
}
