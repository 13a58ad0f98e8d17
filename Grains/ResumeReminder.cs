using Ensemble.Jobs.Coordination;
using Microsoft.Extensions.Logging;

namespace Ensemble.Grains;

/// <summary>
/// The reminder that brings a running job's coordinator back on a surviving silo. It is held from
/// the start of dispatch until storage knows the job has finished; registering is retried at each
/// checkpoint tick while the <see cref="JobLifecycle"/> still wants it, and a failure to drop it
/// is harmless (it only activates a finished job, which drops it then).
/// </summary>
internal sealed class ResumeReminder(IGrainBase grain, JobLifecycle lifecycle, TimeSpan period, ILogger logger, string jobId)
{
    public const string Name = "resume";

    public async Task Hold()
    {
        if (!lifecycle.WantsReminder) return;
        try
        {
            await grain.RegisterOrUpdateReminder(Name, period, period);
            lifecycle.ReminderHeld();
        }
        catch (Exception e)
        {
            GrainLog.ReminderNotRegistered(logger, jobId, e);
        }
    }

    public async Task Drop()
    {
        try
        {
            if (await grain.GetReminder(Name) is { } reminder) await grain.UnregisterReminder(reminder);
            lifecycle.ReminderDropped();
        }
        catch (Exception e)
        {
            GrainLog.ReminderNotDropped(logger, jobId, e);
        }
    }
}
