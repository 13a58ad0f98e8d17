using System.Diagnostics;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Jobs;
using Xunit;

namespace Ensemble.Tests.Statistics;

/// <summary>The accumulator layout's width is 64-bit arithmetic: past an array's reach it is refused, never wrapped.</summary>
public sealed class EnsembleLayoutWidthTests
{
    [Fact]
    public void AWidthPastTwoToTheThirtyOneIsRefusedBeforeAnythingIsBuilt()
    {
        // 16.7 million bins x 10,000 output times x 2 species: about 3.4e11 scalars, which an int wraps.
        var spec = SpecJson.Parse(JobBudgetTests.Spec("histogram at the bin cap")) with { };
        spec = spec with
        {
            Time = new TimeGridSpec { Dt = 0.001, Horizon = 10, OutputTimes = Enumerable.Range(1, 10_000).Select(i => i / 1000.0).ToArray() },
        };
        Assert.True(EnsembleLayout.WidthOf(spec) > int.MaxValue);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ArgumentException>(() => new EnsembleAccumulator(spec));
        Assert.Contains("more than an array can", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void WidthOfAgreesWithTheLayoutItDescribes()
    {
        foreach (string example in new[] { "w1.json", "w2.json" })
        {
            var spec = SpecJson.Parse(File.ReadAllText(Support.TestSpecs.ExamplePath(example)));
            Assert.Equal(new EnsembleAccumulator(spec).Width, EnsembleLayout.WidthOf(spec));
        }
    }
}
