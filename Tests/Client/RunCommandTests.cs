using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>The README's first command, end to end, in a separate process.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task RunOnAnExampleExitsZeroAndPrintsEstimates()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-run-{Guid.NewGuid():N}");
        var outcome = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "--realisations", "3", "--job", "e2e", "--out", folder);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("observable", outcome.Output);
        Assert.Contains("covariance", outcome.Output);
        Assert.Contains("u2", outcome.Output);
        Assert.Contains("3 realisations succeeded, 0 failed", outcome.Output);
        Assert.Contains("estimates and records written to", outcome.Output);
        try
        {
            string csv = await File.ReadAllTextAsync(Path.Combine(folder, "estimates.csv"), TestContext.Current.CancellationToken);
            Assert.StartsWith("observable,species,time,component,count,mean,se,ci_low,ci_high,min,max", csv, StringComparison.Ordinal);
            Assert.Contains("tagged_covariance,u1,0.1,x,3,", csv);

            // The results folder alone is enough to rerun a seed, with no cluster at all.
            string trajectory = Path.Combine(folder, "rerun-2.csv");
            var rerun = await ClientProcess.RunAsync("rerun", "e2e", "--seed", "2", "--from", folder, "--out", trajectory);
            Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
            Assert.Contains("reproduced", rerun.Output);
            Assert.DoesNotContain("NOT reproduced", rerun.Output);
            Assert.True(File.Exists(trajectory));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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

    [Theory]
    [InlineData("Ensemble__Checkpoints__Interval", "-00:00:01", "Ensemble:Checkpoints:Interval")]
    [InlineData("Ensemble__Workers__CompiledSpecs", "0", "Ensemble:Workers:CompiledSpecs")]
    [InlineData("Ensemble__Dispatch__RealisationTimeout", "soon", "Ensemble:Dispatch:RealisationTimeout")]
    public async Task ABadSettingStopsTheEmbeddedSiloWithOneLineNamingItAndWritesNothing(string variable, string value, string setting)
    {
        string job = $"bad-setting-{Guid.NewGuid():N}";
        var outcome = await ClientProcess.RunAsync(new Dictionary<string, string> { [variable] = value },
            "run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--job", job);
        Assert.Equal(2, outcome.ExitCode);
        string said = (outcome.Output + outcome.Error).Trim();
        Assert.Single(said.Split('\n'));
        Assert.StartsWith("error: invalid option", said, StringComparison.Ordinal);
        Assert.Contains(setting, said);
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "results", job)), "nothing is written");
    }
}
