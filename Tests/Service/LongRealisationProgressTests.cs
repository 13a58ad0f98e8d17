using System.Text.RegularExpressions;
using Ensemble.Tests.Persistence;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>A job of one long realisation shows the steps it has taken inside itself, not "0/1" with no ETA, through a silo process.</summary>
[Trait(Slow.Category, Slow.Value)]
public sealed partial class LongRealisationProgressTests
{
    [Fact]
    public async Task StatusOfAJobOfOneLongRealisationShowsStepsProgressAndAnEtaBeforeItFinishes()
    {
        // Seconds to minutes for its one realisation in a debug build: the status is read long before the end.
        var spec = TestSpecs.Pairwise(1, 200, [[1.0]], eta: 0.2, steps: 200_000);
        await using var silo = await SiloProcess.StartAsync();
        using var file = new RidingThroughFaultsTests.SpecFile(spec);
        string gateway = $"{silo.GatewayPort}";
        var submit = await ClientProcess.RunAsync("submit", file.Path, "-r", "1", "--job", "long", "--gateway-port", gateway);
        Assert.True(submit.ExitCode == 0, submit.Output + submit.Error);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var status = await ClientProcess.RunAsync("status", "long", "--gateway-port", gateway);
            Assert.True(status.ExitCode == 0, status.Output + status.Error);
            last = status.Output;
            Assert.Contains("0/1 done", last);
            if (StepsShown().Match(last) is { Success: true } shown && int.Parse(shown.Groups[1].Value) > 0)
            {
                Assert.Matches(@"eta\s+\d", last);
                return;
            }
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"no steps progress shown in 40 s:\n{last}");
    }

    [GeneratedRegex(@"0/1 done, (\d+)% of steps")]
    private static partial Regex StepsShown();
}
