using System.CommandLine;
using Ensemble.Client.Commands;

namespace Ensemble.Client;

/// <summary>The <c>ensemble</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (Exception e)
        {
            // The last line of defence: whatever escaped a command still ends as one line on stderr.
            return CommandErrors.Handle(e);
        }
    }

    private static int Run(string[] args)
    {
        // Piped or captured output has no terminal width; tables would wrap at 80 columns.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        var verbose = new Option<bool>("--verbose") { Description = "after an error, print its details (exception type and stack)", Recursive = true };
        var root = new RootCommand("Ensemble: Monte Carlo ensembles of the cross-diffusion particle systems (model A: pairwise, model B: pressure)")
        {
            RunCommand.Create(),
            SubmitCommand.Create(),
            StatusCommand.Create(),
            StatusCommand.CreateWatch(),
            ResultsCommand.Create(),
            ReportCommand.Create(),
            RerunCommand.Create(),
            StatusCommand.CreateCancel(),
            ListCommand.Create(),
            StudyCommand.Create(),
        };
        root.Options.Add(verbose);
        CommandErrors.Verbose = args.Contains("--verbose");
        var parsed = root.Parse(args);
        // A mistyped command line gets one line naming the problem and exit code 2, not the whole help.
        bool wantsHelp = args.Any(a => a is "-h" or "--help" or "-?" or "--version");
        if (parsed.Errors.Count > 0 && !wantsHelp && args.Length > 0)
            return CommandErrors.Fail(ParseProblem(root, args, parsed), CommandErrors.Invalid);
        CommandErrors.Verbose = parsed.GetValue(verbose);
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>The first parse error, except that a first word that is no command says so and lists the commands.</summary>
    private static string ParseProblem(RootCommand root, string[] args, ParseResult parsed)
    {
        string? first = args.FirstOrDefault(a => !a.StartsWith('-'));
        var commands = root.Subcommands.Select(c => c.Name).ToArray();
        if (first is not null && !commands.Contains(first))
            return $"unknown command '{first}'; commands: {string.Join(", ", commands)} (see --help)";
        return $"{parsed.Errors[0].Message} (see --help)";
    }
}
