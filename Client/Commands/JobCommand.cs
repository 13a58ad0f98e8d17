using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Storage.Jobs;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Commands;

/// <summary>
/// The shapes every "do something to job JOB" command shares: a job argument, where the cluster
/// is, a connection for the duration, and the common error handling. A query reads the database
/// when one is given (no cluster needed); an action always goes to the job's coordinator.
/// </summary>
public static class JobCommand
{
    public static Command Create(string name, string description, Func<IJobGrain, ParseResult, CancellationToken, Task<int>> action,
        params Option[] options)
    {
        var (command, job, target) = Shape(name, description, options);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(target.Resolve(r), cancellation);
            return await action(connection.Client.GetGrain<IJobGrain>(r.GetValue(job)!), r, cancellation);
        }));
        return command;
    }

    public static Command CreateQuery(string name, string description, Func<IJobView, ParseResult, CancellationToken, Task<int>> action,
        params Option[] options)
    {
        var (command, job, target) = Shape(name, description, options);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            string jobId = r.GetValue(job)!;
            var where = target.Resolve(r);
            if (where.Postgres is { } postgres)
            {
                await using var reader = PostgresJobArchive.OpenReader(postgres);
                return await action(new DatabaseJobView(reader, jobId), r, cancellation);
            }
            await using var connection = await ClusterConnection.ConnectAsync(where, cancellation);
            return await action(new GrainJobView(connection.Client.GetGrain<IJobGrain>(jobId)), r, cancellation);
        }));
        return command;
    }

    internal static (Command, Argument<string>, ClusterTargetOptions) Shape(string name, string description, Option[] options)
    {
        var job = CommonOptions.Job();
        var command = new Command(name, description) { job };
        var target = new ClusterTargetOptions().AddTo(command);
        foreach (var option in options) command.Options.Add(option);
        return (command, job, target);
    }
}
