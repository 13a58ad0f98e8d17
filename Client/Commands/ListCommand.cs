using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Grains.Interfaces;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>list</c>: the jobs the cluster knows, with their progress.</summary>
public static class ListCommand
{
    public static Command Create()
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
