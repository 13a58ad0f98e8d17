using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>cancel JOB</c> and <c>list</c>.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var job = CommonOptions.Job();
        var gateway = CommonOptions.GatewayPort();
        var command = new Command("cancel", "stop dispatching a job's realisations; its partial estimates are kept") { job, gateway };
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(r.GetValue(gateway), cancellation);
            var status = await connection.Client.GetGrain<IJobGrain>(r.GetValue(job)!).Cancel();
            AnsiConsole.MarkupLine(ProgressDisplay.Describe(status));
            return 0;
        }));
        return command;
    }

    public static Command CreateList()
    {
        var gateway = CommonOptions.GatewayPort();
        var command = new Command("list", "list the jobs the cluster knows") { gateway };
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(r.GetValue(gateway), cancellation);
            var table = new Table().AddColumns("job", "name", "submitted", "status", "done", "failed", "total");
            foreach (var listing in await connection.Client.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).List())
            {
                var s = await connection.Client.GetGrain<IJobGrain>(listing.JobId).GetStatus();
                table.AddRow(Markup.Escape(listing.JobId), Markup.Escape(listing.Name ?? ""), listing.SubmittedAt.ToString("u"),
                    s.Status.ToString().ToLowerInvariant(), s.Done.ToString(), s.Failed.ToString(), s.Total.ToString());
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
