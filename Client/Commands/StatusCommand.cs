using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>status JOB</c>, <c>watch JOB</c> and <c>cancel JOB</c>.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var job = CommonOptions.Job();
        var command = new Command("status", "show a job's status and progress") { job };
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var reading = await JobStatusSource.ReadAsync(target.Resolve(r), r.GetValue(job)!, cancellation);
            AnsiConsole.Write(Show(reading, DateTimeOffset.UtcNow));
            return 0;
        }));
        return command;
    }

    /// <summary>The status as rows; a saved status of an unfinished job with no coordinator running says so instead of a rate and ETA.</summary>
    public static Grid Show(JobStatusReading reading, DateTimeOffset now)
    {
        var s = reading.Status;
        bool stalled = !reading.Live && !s.IsFinished;
        var grid = new Grid().AddColumns(2);
        void Row(string key, string value) => grid.AddRow(key, Markup.Escape(value));
        Row("job", s.JobId + (s.Name is null || s.Name == s.JobId ? "" : $" ({s.Name})"));
        string checkpoint = s.LastCheckpointAt is { } at
            ? $"last checkpoint at {at.UtcDateTime:HH:mm:ss} UTC ({Duration.Describe(now - at)} ago)"
            : "no checkpoint yet";
        string status = s.Status.ToString().ToLowerInvariant();
        Row("status", stalled ? $"{status} when saved; no coordinator running; {checkpoint}" : status);
        if (s.Coordinator is { } coordinator) Row("coordinator", coordinator);
        Row("progress", $"{s.Done}/{s.Total} done{ProgressDisplay.StepsPart(s)}: {s.Succeeded} succeeded, {s.Failed} failed numerically; " +
            $"{s.InFlight} in flight; {s.Retries} retries");
        if (!stalled)
        {
            Row("throughput", $"{s.Throughput:F2} realisations/s");
            if (s.EstimatedRemaining is { } eta) Row("eta", eta.ToString(@"d\.hh\:mm\:ss"));
            if (s.LastCheckpointAt is not null) Row("checkpoint", checkpoint);
        }
        if (s.StartedAt is { } start) Row("started", start.ToString("u"));
        if (s.FinishedAt is { } end) Row("finished", end.ToString("u"));
        if (s.Message is { } message) Row("message", message);
        return grid;
    }

    public static Command CreateWatch()
    {
        var job = CommonOptions.Job();
        var giveUp = Duration.GiveUpAfter();
        var command = new Command("watch", "follow a job with a live progress bar") { job, giveUp };
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            string jobId = r.GetValue(job)!;
            await using var followed = await FollowedJob.ConnectAsync(target.Resolve(r), jobId, r.GetValue(giveUp), cancellation);
            var status = await ProgressDisplay.FollowAsync(followed, cancellation);
            return CommandErrors.Finished(jobId, status);
        }));
        return command;
    }

    public static Command CreateCancel() => JobCommand.Create("cancel", "stop dispatching a job's realisations; its partial estimates are kept",
        async (job, _, _) =>
    {
        AnsiConsole.MarkupLine(ProgressDisplay.Describe(await job.Cancel()));
        return 0;
    });
}
