using System.CommandLine;
using Ensemble.Client.Commands;

namespace Ensemble.Client;

/// <summary>The <c>ensemble</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Piped or captured output has no terminal width; tables would wrap at 80 columns.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        var root = new RootCommand("Ensemble: Monte Carlo ensembles of the cross-diffusion particle systems (model A: pairwise, model B: pressure)")
        {
            RunCommand.Create(),
            SubmitCommand.Create(),
            StatusCommand.Create(),
            StatusCommand.CreateWatch(),
            ResultsCommand.Create(),
            RerunCommand.Create(),
            CancelCommand.Create(),
            CancelCommand.CreateList(),
        };
        return root.Parse(args).Invoke();
    }
}
