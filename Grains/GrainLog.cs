using Microsoft.Extensions.Logging;

namespace Ensemble.Grains;

/// <summary>The grains' log messages, source-generated; exceptions are logged as exceptions.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(2002, LogLevel.Warning, "Job {Job} dispatch did not stop cleanly on deactivation")]
    public static partial void DispatchDidNotStop(ILogger logger, string job, Exception error);

    [LoggerMessage(2003, LogLevel.Warning, "Job {Job} runs but could not be added to the job list")]
    public static partial void NotListed(ILogger logger, string job, Exception error);

    [LoggerMessage(2004, LogLevel.Warning, "Job {Job} could not register its resume reminder; the next tick retries")]
    public static partial void ReminderNotRegistered(ILogger logger, string job, Exception error);

    [LoggerMessage(2005, LogLevel.Warning, "Job {Job} could not drop its resume reminder")]
    public static partial void ReminderNotDropped(ILogger logger, string job, Exception error);

    [LoggerMessage(2006, LogLevel.Warning, "Study {Study} could not follow its points (or hold its reminder) this time; the next look retries")]
    public static partial void StudyNotFollowed(ILogger logger, string study, Exception error);
}
