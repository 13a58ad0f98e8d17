using System.CommandLine;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>status JOB</c>, <c>watch JOB</c> and <c>cancel JOB</c>.</summary>
public static class StatusCommand
{
    public static Command Create() => JobCommand.CreateQuery("status", "show a job's status and progress", async (job, _, _) =>
    {
        var s = await job.GetStatus();
        var grid = new Grid().AddColumns(2);
        void Row(string key, string value) => grid.AddRow(key, Markup.Escape(value));
        Row("job", s.JobId + (s.Name is null || s.Name == s.JobId ? "" : $" ({s.Name})"));
        Row("status", s.Status.ToString().ToLowerInvariant());
        Row("progress", $"{s.Done}/{s.Total} done: {s.Succeeded} succeeded, {s.Failed} failed numerically; {s.InFlight} in flight; {s.Retries} retries");
        Row("throughput", $"{s.Throughput:F2} realisations/s");
        if (s.EstimatedRemaining is { } eta) Row("eta", eta.ToString(@"d\.hh\:mm\:ss"));
        if (s.StartedAt is { } start) Row("started", start.ToString("u"));
        if (s.FinishedAt is { } end) Row("finished", end.ToString("u"));
        if (s.Message is { } message) Row("message", message);
        AnsiConsole.Write(grid);
        return 0;
    });

    public static Command CreateWatch() => JobCommand.Create("watch", "follow a job with a live progress bar", async (job, _, cancellation) =>
    {
        var status = await ProgressDisplay.FollowAsync(job, cancellation);
        return status.Status == JobStatus.Completed ? 0 : 1;
    });

    public static Command CreateCancel() => JobCommand.Create("cancel", "stop dispatching a job's realisations; its partial estimates are kept",
        async (job, _, _) =>
    {
        AnsiConsole.MarkupLine(ProgressDisplay.Describe(await job.Cancel()));
        return 0;
    });
}
