using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>The cluster commands of the CLI against a silo running in its own process.</summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task SubmitStatusResultsListRerunAndErrorsAgainstASiloProcess()
    {
        await using var silo = await SiloProcess.StartAsync();
        string port = silo.GatewayPort.ToString();
        string spec = TestSpecs.ExamplePath("w1.json");

        var submit = await ClientProcess.RunAsync("submit", spec, "-r", "6", "--job", "cli", "--wait", "--gateway-port", port);
        Assert.True(submit.ExitCode == 0, submit.Output + submit.Error);

        var status = await ClientProcess.RunAsync("status", "cli", "--gateway-port", port);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("completed", status.Output);
        Assert.Contains("6/6 done", status.Output);

        var csv = await ClientProcess.RunAsync("results", "cli", "--observable", "mean", "--species", "u2", "--format", "csv", "--gateway-port", port);
        Assert.Equal(0, csv.ExitCode);
        string[] lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("observable,species,time,component,count,mean,se,ci_low,ci_high,min,max", lines[0]);
        Assert.Equal(1 + 3 * 2, lines.Length); // 3 output times x 2 axes
        Assert.All(lines.Skip(1), l => Assert.StartsWith("mean,u2,", l, StringComparison.Ordinal));

        var json = await ClientProcess.RunAsync("results", "cli", "--observable", "covariance", "--format", "json", "--gateway-port", port);
        Assert.Contains("\"partial\": false", json.Output);

        var list = await ClientProcess.RunAsync("list", "--gateway-port", port);
        Assert.Contains("cli", list.Output);

        string trajectory = Path.Combine(Path.GetTempPath(), $"ensemble-cli-rerun-{Guid.NewGuid():N}.csv");
        try
        {
            var rerun = await ClientProcess.RunAsync("rerun", "cli", "--seed", "4", "--out", trajectory, "--gateway-port", port);
            Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
            Assert.Contains("reproduced: checksum", rerun.Output);
        }
        finally
        {
            File.Delete(trajectory);
        }

        var onSilo = await ClientProcess.RunAsync("rerun", "cli", "--seed", "5", "--on-silo", "--gateway-port", port);
        Assert.True(onSilo.ExitCode == 0, onSilo.Output + onSilo.Error);
        Assert.Contains("recomputed on silo", onSilo.Output);
        Assert.Contains("reproduced: checksum", onSilo.Output);

        var unknown = await ClientProcess.RunAsync("status", "no-such-job", "--gateway-port", port);
        Assert.Equal(4, unknown.ExitCode);
        Assert.Contains("no-such-job", unknown.Error);
        Assert.Empty(unknown.Output);

        var conflict = await ClientProcess.RunAsync("submit", spec, "-r", "7", "--job", "cli", "--gateway-port", port);
        Assert.Equal(2, conflict.ExitCode);
        Assert.Contains("jobId", conflict.Error);

        // A job in which every realisation blew up is not a success for whoever followed it.
        string blowUp = Path.Combine(Path.GetTempPath(), $"ensemble-blow-up-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(blowUp, Simulation.Specs.SpecJson.Serialize(
            TestSpecs.Pairwise(1, 2, [[1e308]], eta: 10.0, sigma: 1e-30, dt: 1e10, steps: 1)), TestContext.Current.CancellationToken);
        try
        {
            var waited = await ClientProcess.RunAsync("submit", blowUp, "-r", "3", "--job", "blow-up", "--wait", "--gateway-port", port);
            Assert.True(waited.ExitCode == 6, waited.Output + waited.Error);
            Assert.Contains("no successful realisation", waited.Error);
            var watched = await ClientProcess.RunAsync("watch", "blow-up", "--gateway-port", port);
            Assert.Equal(6, watched.ExitCode);
        }
        finally
        {
            File.Delete(blowUp);
        }
    }

    [Fact]
    public async Task ClusterCommandsWithoutAClusterSayHowToStartOne()
    {
        var outcome = await ClientProcess.RunAsync("status", "any", "--gateway-port", "1");
        Assert.Equal(3, outcome.ExitCode);
        Assert.Contains("cannot reach an Ensemble cluster", outcome.Error);
        Assert.Contains("--project Silo", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
    }
}
