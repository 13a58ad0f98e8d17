using System.Diagnostics;
using System.Text.Json.Nodes;
using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Submissions;
using Ensemble.Simulation.Costs;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// Legal specs that would each take gigabytes are refused at submission, fast and by name, before
/// anything is allocated; the examples pass the default budgets with room to spare.
/// </summary>
public sealed class JobBudgetTests
{
    public static TheoryData<string, int, string, string> OverBudget => new()
    {
        { "histogram at the bin cap", 64, "observables", nameof(BudgetOptions.MaxAccumulatorValues) },
        { "10,000 output times with a 25 x 25 histogram", 64, "observables", nameof(BudgetOptions.MaxAccumulatorValues) },
        { "1000 species", 64, "observables", nameof(BudgetOptions.MaxAccumulatorValues) },
        { "50 million particles", 64, "model.species", nameof(BudgetOptions.MaxRealisationBytes) },
        { "w1", 100_000_000, "realisations", nameof(BudgetOptions.MaxRealisations) },
        { "dt = 1e-7", 1_000_000, "time.dt", nameof(BudgetOptions.MaxParticleSteps) },
    };

    [Theory]
    [MemberData(nameof(OverBudget))]
    public void AJobOverBudgetIsRefusedFastNamingItsFieldAndSetting(string spec, int realisations, string field, string setting)
    {
        string json = Spec(spec);
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<JobRejectedException>(() =>
            SubmissionValidator.Validate("j", new JobSubmission { SpecJson = json, Realisations = realisations }, new DispatchOptions()));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(field, e.Field);
        Assert.Contains($"over the budget of", e.Reason);
        Assert.Contains($"Ensemble:Budgets:{setting}", e.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{spec}: refused after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated < 256L << 20, $"{spec}: {allocated / (1 << 20)} MiB allocated to refuse it");
    }

    [Theory]
    [InlineData("w1.json", 10_000_000)]
    [InlineData("w2.json", 10_000_000)]
    public void TheExamplesPassTheDefaultBudgets(string example, int realisations)
    {
        var spec = SpecJson.Parse(File.ReadAllText(TestSpecs.ExamplePath(example)));
        var cost = JobBudget.Check(spec, realisations, JobSubmission.DefaultMaxInFlight, new BudgetOptions());
        var budgets = new BudgetOptions();
        Assert.True(cost.AccumulatorValues * 100 < budgets.MaxAccumulatorValues, $"{cost}");
        Assert.True(cost.RealisationBytes * 100 < budgets.MaxRealisationBytes, $"{cost}");
    }

    [Fact]
    public void TheCostOfW1IsWhatItsSpecSays()
    {
        var cost = JobCost.Of(SpecJson.Parse(File.ReadAllText(TestSpecs.ExamplePath("w1.json"))), 64);
        // (mean 2 + covariance 3 + moments 2 + 2 + 625 bins + outside 1 + tagged 2 x 2 + 3 test functions) x 3 times x 2 species.
        Assert.Equal(642 * 3 * 2, cost.AccumulatorValues);
        Assert.Equal(2000L * 100, cost.ParticleStepsPerRealisation);
        Assert.Equal(2000.0 * 100 * 64, cost.TotalParticleSteps);
        Assert.InRange(cost.RealisationBytes, 3 * 2000 * 2 * 8, 4 << 20);
    }

    [Fact]
    public void AWindowOverTheBudgetIsRefusedByNameAndOneAtTheBudgetIsAccepted()
    {
        string json = File.ReadAllText(TestSpecs.ExamplePath("w1.json"));
        var budgets = new BudgetOptions { MaxInFlight = 256 };
        var e = Assert.Throws<JobRejectedException>(() => SubmissionValidator.Validate("j",
            new JobSubmission { SpecJson = json, Realisations = 10_000, MaxInFlight = int.MaxValue }, new DispatchOptions(), budgets));
        Assert.Equal("maxInFlight", e.Field);
        Assert.Contains("2,147,483,647 realisations in flight", e.Message);
        Assert.Contains("over the budget of 256 (Ensemble:Budgets:MaxInFlight)", e.Message);
        var valid = SubmissionValidator.Validate("j", new JobSubmission { SpecJson = json, Realisations = 10_000, MaxInFlight = 256 },
            new DispatchOptions(), budgets);
        Assert.Equal(256, valid.Dispatch.MaxInFlight);
        Assert.True(new BudgetOptionsValidator().Validate(null, new BudgetOptions { MaxInFlight = 0 }).Failed);
    }

    [Fact]
    public void ABudgetSetHigherThanTheBooksCanHoldIsRefused()
    {
        var result = new BudgetOptionsValidator().Validate(null, new BudgetOptions { MaxRealisations = int.MaxValue });
        Assert.True(result.Failed);
        Assert.Contains("Ensemble:Budgets:MaxRealisations", result.FailureMessage);
    }

    /// <summary>The adversarial specs, each a legal variation of an example.</summary>
    internal static string Spec(string name)
    {
        var w1 = JsonNode.Parse(File.ReadAllText(TestSpecs.ExamplePath("w1.json")))!;
        switch (name)
        {
            case "histogram at the bin cap":
                w1["observables"]!["histogram"]!["bins"] = new JsonArray(4096, 4096);
                break;
            case "10,000 output times with a 25 x 25 histogram":
                w1["time"] = new JsonObject
                {
                    ["dt"] = 0.001, ["horizon"] = 10.0,
                    ["outputTimes"] = new JsonArray(Enumerable.Range(1, 10_000).Select(i => (JsonNode)JsonValue.Create(i / 1000.0)).ToArray()),
                };
                break;
            case "1000 species":
                // A pressure model (no species x species matrix to read): 1000 species x 4 times x 409 values.
                var w2 = JsonNode.Parse(File.ReadAllText(TestSpecs.ExamplePath("w2.json")))!;
                var first = w2["model"]!["species"]![0]!;
                w2["model"]!["species"] = new JsonArray(Enumerable.Range(0, 1000).Select(k =>
                {
                    var copy = first.DeepClone();
                    copy["name"] = $"s{k}";
                    copy["particles"] = 2;
                    return (JsonNode)copy;
                }).ToArray());
                w2["observables"]!["histogram"]!["bins"] = new JsonArray(400);
                return w2.ToJsonString();
            case "50 million particles":
                var one = w1["model"]!["species"]![0]!.DeepClone();
                one["particles"] = 50_000_000;
                w1["model"]!["species"] = new JsonArray(one);
                w1["model"]!["interaction"] = new JsonArray(new JsonArray(1.0));
                break;
            case "dt = 1e-7":
                w1["time"]!["dt"] = 1e-7;
                break;
        }
        return w1.ToJsonString();
    }
}
