using Microsoft.Extensions.Hosting;

namespace Ensemble.Grains;

/// <summary>
/// A host lifetime that installs no Ctrl+C / SIGTERM handlers: for hosts embedded in a command-line
/// tool, which handles those itself (System.CommandLine cancels the command's token).
/// </summary>
public sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
