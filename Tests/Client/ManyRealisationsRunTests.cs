using System.Text.Json.Nodes;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// `run` reads the coordinator's records a page (65,536) at a time: a job of more realisations than
/// one page writes every record once, in order, and any of them reruns from the folder.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class ManyRealisationsRunTests
{
    private const int Realisations = 70_000;

    [Fact]
    public async Task RealisationsCsvHoldsEveryRecordOnceAcrossPages()
    {
        using var cli = HostileCli.Create();
        // W1 cut to three particles a species and two steps: about 0.2 ms a realisation.
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(TestSpecs.ExamplePath("w1.json"), TestContext.Current.CancellationToken))!;
        foreach (var species in spec["model"]!["species"]!.AsArray()) species!["particles"] = 3;
        spec["time"] = JsonNode.Parse("""{ "dt": 0.01, "horizon": 0.02, "outputTimes": [0.0, 0.02] }""");
        spec["observables"] = JsonNode.Parse("""{ "taggedParticles": [0] }""");
        string file = cli.File("tiny.json", spec.ToJsonString());

        var run = await cli.RunAsync("run", file, "-r", Realisations.ToString(), "--job", "tiny", "--max-in-flight", "256");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        string folder = Path.Combine(cli.Work, "results", "tiny");
        var indices = File.ReadLines(Path.Combine(folder, "realisations.csv")).Skip(1).Select(l => int.Parse(l[..l.IndexOf(',')])).ToArray();
        Assert.Equal(Enumerable.Range(0, Realisations), indices);

        var rerun = await cli.RunAsync("rerun", "tiny", "--seed", (Realisations - 1).ToString(), "--from", folder, "--out", "last.csv");
        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Contains("reproduced: checksum", rerun.Output);
    }
}
