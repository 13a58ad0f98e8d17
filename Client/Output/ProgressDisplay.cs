using System.Globalization;
using Ensemble.Client.Cluster;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Output;

/// <summary>
/// Follows a job until it finishes: a live progress bar on a terminal (done/total with the steps
/// of long realisations in flight, failures, rate and ETA; it stays up while a lost coordinator
/// is reconnected to), nothing but the outcome when output is redirected, and in both cases the
/// final status line last.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A job of this process's own embedded silo: nothing to reconnect to, and a slow answer means a busy process
    /// (a job solving its limit's PDEs on every core), not a lost one, so a poll waits minutes before it gives up.
    /// </summary>
    public static Task<JobStatusReport> FollowAsync(IJobGrain job, CancellationToken cancellation = default) =>
        FollowAsync((_, c) => job.GetStatus().WaitAsync(EmbeddedPollTimeout, c), TimeSpan.Zero, cancellation);

    private static readonly TimeSpan EmbeddedPollTimeout = TimeSpan.FromMinutes(10);

    public static Task<JobStatusReport> FollowAsync(FollowedJob job, CancellationToken cancellation = default) =>
        FollowAsync(job.StatusAsync, job.GiveUpAfter, cancellation);

    private static async Task<JobStatusReport> FollowAsync(Func<Action<TimeSpan>?, CancellationToken, Task<JobStatusReport>> poll,
        TimeSpan giveUpAfter, CancellationToken cancellation)
    {
        JobStatusReport status = await poll(null, cancellation);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            bool reported = false;
            while (!status.IsFinished)
            {
                await Task.Delay(PollEvery, cancellation);
                status = await poll(silent =>
                {
                    if (reported || silent < TimeSpan.FromSeconds(1)) return;
                    reported = true;
                    Console.Error.WriteLine(
                        $"{status.JobId}: the coordinator stopped answering; reconnecting (giving up after {Duration.Describe(giveUpAfter)})");
                }, cancellation);
                reported = false;
            }
        }
        else
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Describe(status), maxValue: Math.Max(1, status.Total));
                    while (true)
                    {
                        task.Value = status.FractionDone;
                        task.Description = Describe(status);
                        if (status.IsFinished) break;
                        await Task.Delay(PollEvery, cancellation);
                        var shown = status;
                        status = await poll(silent => task.Description = Markup.Escape(
                            $"{Plain(shown)} (coordinator silent for {Duration.Describe(silent)}; reconnecting)"), cancellation);
                    }
                    task.StopTask();
                });
        }
        AnsiConsole.Console.WriteLine(FinalLine(status));
        return status;
    }

    /// <summary>The line a followed job ends on, e.g. <c>w1-demo: completed, 64/64 realisations, 0 failed</c>.</summary>
    public static string FinalLine(JobStatusReport s) =>
        $"{s.JobId}: {s.Status.ToString().ToLowerInvariant()}, {s.Done}/{s.Total} realisations, {s.Failed} failed" +
        (s.Message is { } message ? $" ({message})" : "");

    public static string Describe(JobStatusReport s) => Markup.Escape(Plain(s));

    private static string Plain(JobStatusReport s)
    {
        string eta = s.EstimatedRemaining is { } r ? $", ETA {r:d\\.hh\\:mm\\:ss}" : "";
        string failed = s.Failed > 0 ? $", {s.Failed} failed" : "";
        return $"{s.JobId} {s.Status.ToString().ToLowerInvariant()}: {s.Done}/{s.Total}{StepsPart(s)}{failed}, {s.Throughput:F1}/s{eta}";
    }

    /// <summary>", 37% of steps" while realisations in flight have taken steps; empty otherwise.</summary>
    public static string StepsPart(JobStatusReport s) => s.InFlightStepsDone > 0 && s.Total > 0
        ? string.Create(CultureInfo.InvariantCulture, $", {100 * s.FractionDone / s.Total:F0}% of steps")
        : "";
}
