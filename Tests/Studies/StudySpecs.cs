using System.Text.Json.Nodes;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Studies;

/// <summary>Small study specs built in code for the tests.</summary>
public static class StudySpecs
{
    /// <summary>Model A, d = 1, 10 steps: a point costs milliseconds.</summary>
    public static JsonObject TinyPairwiseBase(int particles = 20) =>
        (JsonObject)JsonNode.Parse(SpecJson.Serialize(TestSpecs.Pairwise(1, particles, [[1.0, 2.0], [2.0, 1.0]], eta: 0.2, steps: 10)))!;

    public static JsonObject TinyPressureBase() =>
        (JsonObject)JsonNode.Parse(SpecJson.Serialize(TestSpecs.Wrap(TestSpecs.Pressure(1, 20, 3.0), steps: 10)))!;

    /// <summary>A study over N = 10, 20, 40 of the tiny model A base, fitting s0's covariance xx at the horizon.</summary>
    public static JsonObject Tiny(string? id = "tiny", int realisations = 8, double[]? particles = null) => new()
    {
        ["id"] = id,
        ["base"] = TinyPairwiseBase(),
        ["grid"] = new JsonArray(new JsonObject
        {
            ["parameter"] = "particles",
            ["values"] = new JsonArray((particles ?? [10, 20, 40]).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        }),
        ["realisations"] = realisations,
        ["seed"] = 3,
        ["fit"] = new JsonArray(
            new JsonObject { ["observable"] = "covariance", ["species"] = "s0", ["time"] = 0.01, ["component"] = "xx" },
            new JsonObject { ["observable"] = "tagged_covariance", ["species"] = "s0", ["time"] = 0.01, ["component"] = "x" }),
    };
}
