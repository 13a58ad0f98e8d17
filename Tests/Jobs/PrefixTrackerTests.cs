using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The prefix tracker alone: seed order whatever the arrival order, the points it keeps, and its saved form.</summary>
public sealed class PrefixTrackerTests
{
    private static readonly SimulationSpec Spec = JobExecutionTests.Small;

    [Fact]
    public void OutcomesFoldInSeedOrderWhateverOrderTheyArriveIn()
    {
        var inOrder = new PrefixTracker(PrefixTarget.Of(Spec), 20);
        var shuffled = new PrefixTracker(PrefixTarget.Of(Spec), 20);
        for (uint i = 0; i < 20; i++) inOrder.Offer(i, Value(i));
        var order = Enumerable.Range(0, 20).Select(i => (uint)i).Reverse().ToArray();
        foreach (uint i in order.Take(19)) shuffled.Offer(i, Value(i));
        Assert.Equal(0, shuffled.Frontier); // seed 0 is still missing: nothing is folded yet
        Assert.True(shuffled.Knows(5));
        shuffled.Offer(0, Value(0));
        shuffled.Offer(3, 99.0); // a duplicate is ignored
        Assert.Equal(20, shuffled.Frontier);
        Assert.Equal(inOrder.Points, shuffled.Points);
        Assert.Equal([8, 16, 20], shuffled.Points.Select(p => p.Realisations));
    }

    [Fact]
    public void AFailedSeedMovesTheFrontierWithoutAValue()
    {
        var tracker = new PrefixTracker(PrefixTarget.Of(Spec), 10);
        for (uint i = 0; i < 10; i++) tracker.Offer(i, i == 4 ? null : Value(i));
        Assert.Equal(10, tracker.Frontier);
        Assert.Equal(9, tracker.Current.Count);
        Assert.Equal((8, 7L), (tracker.Points[0].Realisations, tracker.Points[0].Count)); // seeds 0 .. 7, one of them failed
    }

    [Fact]
    public void TheSavedTrackerResumesWithTheSameSumsSeedsAheadAndPoints()
    {
        var tracker = new PrefixTracker(PrefixTarget.Of(Spec), 40);
        for (uint i = 0; i < 9; i++) tracker.Offer(i, Value(i));
        tracker.Offer(12, Value(12)); // ahead of the frontier: the books hold it, so the saved tracker must too
        var books = JobBooks.New(40);
        books.States[0] = 1;
        var restored = PrefixTracker.Restore(Spec, 40, tracker.Save(), books)!;
        Assert.Equal(9, restored.Frontier);
        Assert.True(restored.Knows(12));
        Assert.Equal(tracker.Points, restored.Points);
        for (uint i = 9; i < 40; i++)
        {
            if (i == 12) continue;
            tracker.Offer(i, Value(i));
            restored.Offer(i, Value(i));
        }
        Assert.Equal(tracker.Points, restored.Points);
        Assert.Equal(tracker.Current, restored.Current);
    }

    [Fact]
    public void ATrackerOfOneValueSavesItsUndefinedSe()
    {
        var tracker = new PrefixTracker(PrefixTarget.Of(Spec), 5);
        tracker.Offer(0, 1.5);
        tracker.Finish();
        Assert.True(double.IsNaN(tracker.Points[0].StandardError));
        var restored = PrefixTracker.Restore(Spec, 5, tracker.Save(), JobBooks.New(5))!;
        Assert.True(double.IsNaN(restored.Points[0].StandardError));
        Assert.Equal(1.5, restored.Points[0].Mean);
    }

    [Fact]
    public void BooksWithSeedsButNoSavedTrackerHaveNoHistory()
    {
        var books = JobBooks.New(4);
        books.States[2] = 1;
        Assert.Null(PrefixTracker.Restore(Spec, 4, null, books));
        Assert.NotNull(PrefixTracker.Restore(Spec, 4, null, JobBooks.New(4)));
    }

    private static double Value(uint i) => Math.Sin(i * 0.7) + 0.1 * i;
}
