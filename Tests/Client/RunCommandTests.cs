using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>The README's first command, end to end, in a separate process.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task RunOnAnExampleExitsZeroAndPrintsEstimates()
    {
        var outcome = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "--realisations", "3");
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("E[cloud mean]", outcome.Output);
        Assert.Contains("u2", outcome.Output);
        Assert.Contains("3 realisations succeeded, 0 failed", outcome.Output);
    }

    [Fact]
    public async Task AnInvalidSpecExitsNonZeroNamingTheField()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ensemble-invalid-{Guid.NewGuid():N}.json");
        string text = await File.ReadAllTextAsync(TestSpecs.ExamplePath("w1.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(path, text.Replace("\"eta\": 0.1", "\"eta\": -0.1", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var outcome = await ClientProcess.RunAsync("run", path);
            Assert.NotEqual(0, outcome.ExitCode);
            Assert.Contains("model.eta", outcome.Output + outcome.Error);
            Assert.Contains("> 0", outcome.Output + outcome.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
