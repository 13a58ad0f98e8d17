using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>`run` on a spec with a stop rule, in a separate process: it says where it stopped, and the files hold that prefix.</summary>
public sealed class EarlyStopCommandTests
{
    [Fact]
    public async Task RunSaysItStoppedEarlyAndWritesTheEstimatesOfThePrefix()
    {
        // se / |mean| of s0's mean x is far below 10 from the first estimate on, so the rule is met at its minimum.
        var spec = JobExecutionTests.Small with
        {
            Stop = new StopSpec { Observable = "mean", Species = "s0", Time = 0.01, Component = "x", RelativeSe = 10, MinRealisations = 8 },
        };
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-stop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "stop.json");
        await File.WriteAllTextAsync(path, SpecJson.Serialize(spec), TestContext.Current.CancellationToken);
        try
        {
            var outcome = await ClientProcess.RunAsync("run", path, "-r", "16", "--job", "stop-cli", "--out", Path.Combine(folder, "out"));
            Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
            Assert.Contains("stop-cli: completed, 8/16 realisations, 0 failed (stopped early: target met at R' = 8", outcome.Output);
            Assert.Contains("stopped early: target met at R' = 8 (of at most R = 16)", outcome.Output);
            string csv = await File.ReadAllTextAsync(Path.Combine(folder, "out", "estimates.csv"), TestContext.Current.CancellationToken);
            Assert.Contains("\nmean,s0,0.01,x,8,", csv);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
