using System.CommandLine;
using Ensemble.Client.Commands;

namespace Ensemble.Client;

/// <summary>The <c>ensemble</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Ensemble: Monte Carlo ensembles of the cross-diffusion particle systems (model A: pairwise, model B: pressure)")
        {
            RunCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
