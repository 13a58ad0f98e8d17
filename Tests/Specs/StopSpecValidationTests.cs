using System.Text.Json.Nodes;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Submissions;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Xunit;

namespace Ensemble.Tests.Specs;

/// <summary>A spec's stop section: every refusal names its field and says what was expected; a spec without one is unchanged.</summary>
public sealed class StopSpecValidationTests
{
    private const string Valid = """{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01 }""";

    [Theory]
    [InlineData("""{ "observable": "spread", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01 }""", "stop.observable", "spread")]
    [InlineData("""{ "observable": "tagged_covariance", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01 }""",
        "stop.observable", "a value per realisation")]
    [InlineData("""{ "observable": "mean", "species": "s7", "time": 0.01, "component": "x", "targetSe": 0.01 }""", "stop.species", "\"s0\" or \"s1\"")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.007, "component": "x", "targetSe": 0.01 }""", "stop.time", "0.005")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "q", "targetSe": 0.01 }""", "stop.component", "x, y")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x" }""", "stop", "found neither")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01, "relativeSe": 0.1 }""", "stop", "found both")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0 }""", "stop.targetSe", "> 0")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x", "relativeSe": -0.5 }""", "stop.relativeSe", "> 0")]
    [InlineData("""{ "observable": "mean", "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01, "minRealisations": 1 }""",
        "stop.minRealisations", "at least 2")]
    [InlineData("""{ "species": "s0", "time": 0.01, "component": "x", "targetSe": 0.01 }""", "stop.observable", "")]
    public void ABadStopSectionIsRefusedNamingTheField(string stop, string field, string expectation)
    {
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(WithStop(stop)));
        Assert.Equal(field, e.Field);
        Assert.Contains(expectation, e.Expectation);
    }

    [Fact]
    public void AValidStopSectionParsesWithTheDefaultMinimum()
    {
        var spec = SpecJson.Parse(WithStop(Valid));
        Assert.Equal(StopSpec.DefaultMinRealisations, spec.Stop!.MinRealisations);
        Assert.Equal(0.01, spec.Stop.TargetSe);
        Assert.Equal(SpecJson.Serialize(spec), SpecJson.Serialize(SpecJson.Parse(SpecJson.Serialize(spec))));
    }

    [Fact]
    public void ASpecWithoutAStopSectionSerialisesAsBefore() =>
        Assert.DoesNotContain("stop", SpecJson.Serialize(JobExecutionTests.Small), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void AMinimumAboveTheJobsRIsRefusedAtSubmission()
    {
        var submission = new JobSubmission { SpecJson = WithStop(Valid), Realisations = 20 };
        var e = Assert.Throws<JobRejectedException>(() => SubmissionValidator.Validate("stop-min", submission, new DispatchOptions()));
        Assert.Equal(ErrorKind.InvalidSpec, e.Kind);
        Assert.Equal("stop.minRealisations", e.Field);
        Assert.Contains("R = 20", e.Reason);
        Assert.NotNull(SubmissionValidator.Validate("stop-min", submission with { Realisations = 32 }, new DispatchOptions()));
    }

    private static string WithStop(string stop)
    {
        var tree = JsonNode.Parse(SpecJson.Serialize(JobExecutionTests.Small))!.AsObject();
        tree["stop"] = JsonNode.Parse(stop);
        return tree.ToJsonString();
    }
}
