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
            StatusCommand.CreateCancel(),
            ListCommand.Create(),
        };
        var parsed = root.Parse(args);
        // A mistyped command line gets one line naming the problem and exit code 2, not the whole help.
        bool wantsHelp = args.Any(a => a is "-h" or "--help" or "-?" or "--version");
        if (parsed.Errors.Count > 0 && !wantsHelp && args.Length > 0)
        {
            Console.Error.WriteLine($"error: {parsed.Errors[0].Message} (see --help)");
            return Commands.CommandErrors.Invalid;
        }
        return parsed.Invoke();
    }
}
