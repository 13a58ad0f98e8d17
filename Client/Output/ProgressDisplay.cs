using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Output;

/// <summary>A live progress bar for a job: done/total, failures, rate and ETA, until it finishes.</summary>
public static class ProgressDisplay
{
    public static async Task<JobStatusReport> FollowAsync(IJobGrain job, CancellationToken cancellation = default)
    {
        JobStatusReport status = await job.GetStatus();
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(status), maxValue: Math.Max(1, status.Total));
                while (true)
                {
                    task.Value = status.Done;
                    task.Description = Describe(status);
                    if (status.IsFinished) break;
                    await Task.Delay(250, cancellation);
                    status = await job.GetStatus().WaitAsync(TimeSpan.FromSeconds(30), cancellation);
                }
                task.StopTask();
            });
        return status;
    }

    public static string Describe(JobStatusReport s)
    {
        string eta = s.EstimatedRemaining is { } r ? $", ETA {r:d\\.hh\\:mm\\:ss}" : "";
        string failed = s.Failed > 0 ? $", {s.Failed} failed" : "";
        return Markup.Escape($"{s.JobId} {s.Status.ToString().ToLowerInvariant()}: {s.Done}/{s.Total}{failed}, {s.Throughput:F1}/s{eta}");
    }
}
