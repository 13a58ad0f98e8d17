using Ensemble.Jobs.Coordination;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The coordinator's lifecycle as one state: the moves a coordinator makes, and the ones it must not.</summary>
public sealed class JobLifecycleTests
{
    [Fact]
    public void AJobRunsFromStartToFinishedThroughTheReminder()
    {
        var life = new JobLifecycle();
        Assert.False(life.MayDispatch);
        life.Start();
        Assert.True(life.MayDispatch && life.WantsReminder);
        life.ReminderHeld();
        Assert.Equal(JobPhase.Running, life.Phase);
        Assert.False(life.WantsReminder);
        life.DispatchEnded();
        Assert.Equal(JobPhase.Finishing, life.Phase);
        Assert.False(life.MayDispatch);
        life.ReminderDropped();
        Assert.Equal(JobPhase.Finished, life.Phase);
    }

    [Fact]
    public void ACancelDrainsAndACancelAfterTheEndChangesNothing()
    {
        var life = new JobLifecycle();
        life.Start();
        life.Cancel();
        Assert.Equal(JobPhase.Draining, life.Phase);
        Assert.False(life.MayDispatch);
        Assert.False(life.WantsReminder);
        life.DispatchEnded();
        life.Cancel();
        Assert.Equal(JobPhase.Finishing, life.Phase);
    }

    [Fact]
    public void DeactivationWinsOverEverythingAndEndsClosed()
    {
        var life = new JobLifecycle();
        life.Start();
        life.Deactivate();
        Assert.True(life.IsStopping);
        Assert.False(life.MayDispatch);
        life.DispatchEnded(); // the loop noticing the stop does not revive the job
        life.Cancel();
        Assert.Equal(JobPhase.Deactivating, life.Phase);
        life.Close();
        Assert.True(life.IsClosed && life.IsStopping);
    }

    [Fact]
    public void MovesThatMakeNoSenseAreRefused()
    {
        var life = new JobLifecycle();
        Assert.Throws<InvalidOperationException>(life.DispatchEnded); // never started
        life.Start();
        Assert.Throws<InvalidOperationException>(life.Start); // already dispatching
        Assert.Throws<InvalidOperationException>(life.LoadedFinished);
    }
}
