using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>status JOB</c> and <c>watch JOB</c>.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var job = CommonOptions.Job();
        var gateway = CommonOptions.GatewayPort();
        var command = new Command("status", "show a job's status and progress") { job, gateway };
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(r.GetValue(gateway), cancellation);
            var s = await connection.Client.GetGrain<IJobGrain>(r.GetValue(job)!).GetStatus();
            var grid = new Grid().AddColumns(2);
            void Row(string key, string value) => grid.AddRow(key, Markup.Escape(value));
            Row("job", s.JobId + (s.Name is null || s.Name == s.JobId ? "" : $" ({s.Name})"));
            Row("status", s.Status.ToString().ToLowerInvariant());
            Row("progress", $"{s.Done}/{s.Total} done: {s.Succeeded} succeeded, {s.Failed} failed numerically; {s.InFlight} in flight; {s.Retries} retries");
            Row("throughput", $"{s.Throughput:F2} realisations/s");
            if (s.EstimatedRemaining is { } eta) Row("eta", eta.ToString(@"hh\:mm\:ss"));
            if (s.StartedAt is { } start) Row("started", start.ToString("u"));
            if (s.FinishedAt is { } end) Row("finished", end.ToString("u"));
            if (s.Message is { } message) Row("message", message);
            AnsiConsole.Write(grid);
            return 0;
        }));
        return command;
    }

    public static Command CreateWatch()
    {
        var job = CommonOptions.Job();
        var gateway = CommonOptions.GatewayPort();
        var command = new Command("watch", "follow a job with a live progress bar") { job, gateway };
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(r.GetValue(gateway), cancellation);
            var status = await ProgressDisplay.FollowAsync(connection.Client.GetGrain<IJobGrain>(r.GetValue(job)!), cancellation);
            return status.Status == JobStatus.Completed ? 0 : 1;
        }));
        return command;
    }
}
