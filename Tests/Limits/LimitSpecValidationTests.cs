using System.Text.Json.Nodes;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Limits;

/// <summary>
/// Every field of the spec's <c>limit</c> section has a rule; a broken one is refused naming its
/// JSON path and what was expected. Specs are the examples w1-limit (pairwise) and w2-limit (pressure)
/// with one field edited, as a user would write it.
/// </summary>
public sealed class LimitSpecValidationTests
{
    private const string W1 = "w1-limit.json";
    private const string W2 = "w2-limit.json";

    [Theory]
    [InlineData(W1)]
    [InlineData(W2)]
    public void TheLimitExamplesParseWithTheirSections(string example)
    {
        var spec = SpecJson.Parse(File.ReadAllText(TestSpecs.ExamplePath(example)));
        var limit = Assert.IsType<LimitSpec>(spec.Limit);
        Assert.Equal(new[] { LimitEquation.Nonlocal, LimitEquation.Local }, limit.Equations);
        Assert.Equal(example == W1 ? [CoupledProcess.Intermediate, CoupledProcess.Limit] : new[] { CoupledProcess.Nonlinear }, limit.Coupled);
        Assert.NotNull(limit.PairHistogram);
    }

    [Fact]
    public void ASpecWithoutALimitSectionHasNone()
    {
        var spec = SpecJson.Parse(File.ReadAllText(TestSpecs.ExamplePath("w1.json")));
        Assert.Null(spec.Limit);
        Assert.DoesNotContain("\"limit\"", System.Text.Json.JsonSerializer.Serialize(spec, SpecJson.Options));
    }

    [Theory]
    [InlineData(W1, "equations", "[]", "limit.equations", "at least one of")]
    [InlineData(W1, "equations", "[\"local\", \"local\"]", "limit.equations[1]", "each equation once")]
    [InlineData(W1, "equations", "[\"nonlocal\"]", "limit.coupled[1]", "\"local\", among limit.equations")]
    [InlineData(W2, "equations", "[\"local\"]", "limit.coupled[0]", "\"nonlocal\", among limit.equations")]
    [InlineData(W1, "coupled", "[\"nonlinear\"]", "limit.coupled[0]", "\"intermediate\" (process (3)) or \"limit\"")]
    [InlineData(W2, "coupled", "[\"limit\"]", "limit.coupled[0]", "\"nonlinear\" (process (1.7)) for a pressure model")]
    [InlineData(W1, "coupled", "[\"limit\", \"limit\"]", "limit.coupled[1]", "each process once")]
    [InlineData(W1, "cellSize", "0", "limit.cellSize", "a number > 0, found 0")]
    [InlineData(W1, "cellSize", "-0.05", "limit.cellSize", "a number > 0")]
    [InlineData(W2, "cellSize", "\"fine\"", "limit.cellSize", "a finite number")]
    [InlineData(W1, "box", "{\"lower\": [-3, -3], \"upper\": [3]}", "limit.box.upper", "2 component(s), one per axis, found 1")]
    [InlineData(W1, "box", "{\"lower\": [-3, 3], \"upper\": [3, 3]}", "limit.box.upper[1]", "greater than lower[1] = 3")]
    [InlineData(W2, "box", "{\"lower\": [-3], \"upper\": [3], \"margin\": 1}", "limit.box.margin", "")]
    [InlineData(W2, "pairHistogram", "{\"lower\": 1, \"upper\": -1}", "limit.pairHistogram.upper", "greater than lower = 1")]
    [InlineData(W2, "pairHistogram", "{\"lower\": -1, \"upper\": 1, \"bins\": 1}", "limit.pairHistogram.bins", "from 2 to 64")]
    [InlineData(W2, "pairHistogram", "{\"lower\": -1, \"upper\": 1, \"bins\": 65}", "limit.pairHistogram.bins", "from 2 to 64")]
    [InlineData(W1, "solver", "\"fast\"", "limit.solver", "")]
    public void ABrokenFieldIsRefusedNamingIt(string example, string property, string valueJson, string field, string expected)
    {
        string json = Edited(example, limit => limit[property] = JsonNode.Parse(valueJson));
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.Contains(expected, e.Expectation);
    }

    [Fact]
    public void ACellWiderThanTheBoxIsRefused()
    {
        string json = Edited(W2, limit =>
        {
            limit["box"] = JsonNode.Parse("{\"lower\": [-1], \"upper\": [1]}");
            limit["cellSize"] = 3.0;
        });
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Equal("limit.cellSize", e.Field);
        Assert.Contains("no wider than the box", e.Expectation);
    }

    [Fact]
    public void APairHistogramNeedsTwoTaggedParticles()
    {
        string json = Edited(W2, _ => { }, root => root["observables"]!["taggedParticles"] = JsonNode.Parse("[3]"));
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Equal("limit.pairHistogram", e.Field);
        Assert.Contains("two tagged particles", e.Expectation);
    }

    private static string Edited(string example, Action<JsonObject> editLimit, Action<JsonObject>? editRoot = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestSpecs.ExamplePath(example)))!.AsObject();
        editLimit(root["limit"]!.AsObject());
        editRoot?.Invoke(root);
        return root.ToJsonString();
    }
}
