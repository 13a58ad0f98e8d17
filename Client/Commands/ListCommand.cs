using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Storage.Jobs;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>list</c>: the jobs the cluster knows (or the database holds), with their progress.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "list the jobs the cluster knows (with --postgres: the jobs in the database)");
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var table = new Table().AddColumns("job", "name", "submitted", "status", "done", "failed", "total");
            foreach (var (listing, s) in await Jobs(target.Resolve(r), cancellation))
            {
                table.AddRow(Markup.Escape(listing.JobId), Markup.Escape(listing.Name ?? ""), listing.SubmittedAt.ToString("u"),
                    s.Status.ToString().ToLowerInvariant(), s.Done.ToString(), s.Failed.ToString(), s.Total.ToString());
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<(JobListing, JobStatusReport)>> Jobs(ClusterTarget target, CancellationToken cancellation)
    {
        if (target.Postgres is { } postgres)
        {
            await using var reader = PostgresJobArchive.OpenReader(postgres);
            return await reader.ListAsync(cancellation);
        }
        await using var connection = await ClusterConnection.ConnectAsync(target, cancellation);
        var jobs = new List<(JobListing, JobStatusReport)>();
        foreach (var listing in await connection.Client.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).List())
            jobs.Add((listing, await connection.Client.GetGrain<IJobGrain>(listing.JobId).GetStatus()));
        return jobs;
    }
}
