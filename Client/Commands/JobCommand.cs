using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Grains.Interfaces;

namespace Ensemble.Client.Commands;

/// <summary>
/// The shape every "do something to job JOB on a running cluster" command shares: a job argument,
/// a gateway port, a connection for the duration, and the common error handling.
/// </summary>
public static class JobCommand
{
    public static Command Create(string name, string description, Func<IJobGrain, ParseResult, CancellationToken, Task<int>> action,
        params Option[] options)
    {
        var job = CommonOptions.Job();
        var gateway = CommonOptions.GatewayPort();
        var command = new Command(name, description) { job, gateway };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            await using var connection = await ClusterConnection.ConnectAsync(r.GetValue(gateway), cancellation);
            return await action(connection.Client.GetGrain<IJobGrain>(r.GetValue(job)!), r, cancellation);
        }));
        return command;
    }
}
