using System.CommandLine;
using System.Diagnostics;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>run SPEC</c>: runs R realisations of a spec on this machine's cores and prints ensemble
/// estimates of each species' mean and variance at the output times, with standard errors.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "simulation spec (JSON), e.g. examples/w1.json" };
        var realisations = new Option<int>("--realisations", "-r") { Description = "number of realisations R", DefaultValueFactory = _ => 64 };
        var seed = new Option<ulong>("--seed") { Description = "master seed", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "run an ensemble of a spec here and print estimates") { spec, realisations, seed };
        command.SetAction(r => Run(r.GetValue(spec)!, r.GetValue(realisations), r.GetValue(seed)));
        return command;
    }

    private static int Run(FileInfo specFile, int realisations, ulong masterSeed)
    {
        SimulationSpec spec;
        try
        {
            if (realisations < 1) throw new SpecValidationException("--realisations", $"at least 1, found {realisations}");
            spec = SpecJson.Load(specFile.FullName);
        }
        catch (SpecValidationException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]invalid spec[/] {specFile.Name}: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]cannot read[/] {specFile.FullName}: {e.Message}");
            return 2;
        }

        var simulator = Simulator.Create(spec);
        var results = new RealisationResult[realisations];
        var clock = Stopwatch.StartNew();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{specFile.Name}: {realisations} realisations", maxValue: realisations);
                Parallel.For(0, realisations, i =>
                {
                    results[i] = simulator.Run(new RealisationSeed(masterSeed, (uint)i));
                    task.Increment(1);
                });
            });
        double seconds = clock.Elapsed.TotalSeconds;

        EstimatesTable.Write(spec, results);
        int failed = results.Count(r => !r.Succeeded);
        AnsiConsole.MarkupLineInterpolated(
            $"{realisations - failed} realisations succeeded, {failed} failed, in {seconds:F2} s ({realisations / seconds:F1} realisations/s); master seed {masterSeed}");
        foreach (var failure in results.Where(r => !r.Succeeded).Take(5))
            AnsiConsole.MarkupLineInterpolated($"[yellow]realisation {failure.Seed.Index} failed:[/] {failure.Failure!.Reason}");
        return 0;
    }
}
