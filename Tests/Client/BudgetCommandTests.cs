using System.Diagnostics;
using Ensemble.Tests.Jobs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>`run` shows what a job will cost before any work, and refuses one over budget before it starts a silo.</summary>
public sealed class BudgetCommandTests
{
    [Fact]
    public async Task RunRefusesAHistogramAtTheBinCapBeforeAnyWorkAndWritesNothing()
    {
        string work = Directory.CreateTempSubdirectory("ensemble-budget-").FullName;
        string spec = Path.Combine(work, "bins.json");
        await File.WriteAllTextAsync(spec, JobBudgetTests.Spec("histogram at the bin cap"), TestContext.Current.CancellationToken);
        string folder = Path.Combine(work, "out");
        var clock = Stopwatch.StartNew();
        var outcome = await ClientProcess.RunAsync("run", spec, "--job", "bins", "--out", folder);
        Assert.Equal(2, outcome.ExitCode);
        string all = outcome.Output + outcome.Error;
        Assert.Contains("observables: the accumulator would hold 1.0e8 values", all);
        Assert.Contains("Ensemble:Budgets:MaxAccumulatorValues", all);
        Assert.False(Directory.Exists(folder));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunShowsTheCostBeforeTheWorkAndABudgetFromTheEnvironmentApplies()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-cost-{Guid.NewGuid():N}");
        var outcome = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--job", "cost", "--out", folder);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("cost: 2.0e5 particle-steps per realisation (~40 ms of one core at a nominal 5e6 particle-steps/s), 4.0e5 in all",
            outcome.Output);
        Assert.Contains("accumulator 3,852 values", outcome.Output);
        Directory.Delete(folder, recursive: true);

        var tight = await ClientProcess.RunAsync(new Dictionary<string, string> { ["Ensemble__Budgets__MaxParticleSteps"] = "1e5" },
            "run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--job", "cost", "--out", folder);
        Assert.Equal(2, tight.ExitCode);
        Assert.Contains("time.dt: the job would take 400,000 particle-steps", tight.Output + tight.Error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task RunRefusesAWindowOverTheBudgetInOneLineAndWritesNothing()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-window-{Guid.NewGuid():N}");
        var outcome = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--max-in-flight", "1000000",
            "--job", "window", "--out", folder);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Output.Trim());
        Assert.Equal(
            "error: invalid option maxInFlight: a window of 1,000,000 realisations in flight, over the budget of 4,096 (Ensemble:Budgets:MaxInFlight)",
            outcome.Error.Trim());
        Assert.False(Directory.Exists(folder));
    }
}
