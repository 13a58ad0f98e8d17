using System.Text.Json;
using System.Text.Json.Serialization;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Specs;

/// <summary>
/// The spec parser names the failing field from System.Text.Json's messages. These tests make the
/// running serializer produce each kind of message and check that <see cref="JsonErrorText"/> still
/// reads it: if a runtime update rewords one, this fails here, not as a vaguer error for users.
/// </summary>
public sealed class JsonErrorTextTests
{
    private static readonly JsonSerializerOptions Options = SpecJson.Options;

    public sealed record Inner
    {
        public required double Eta { get; init; }
        public required double Sigma { get; init; }
    }

    public sealed record Outer
    {
        public required Inner Model { get; init; }
    }

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
    [JsonDerivedType(typeof(Circle), "circle")]
    public abstract record Shape;

    public sealed record Circle : Shape
    {
        public double Radius { get; init; }
    }

    public sealed record Holder
    {
        public required Shape Shape { get; init; }
    }

    [Fact]
    public void AMissingRequiredPropertyIsNamed()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Outer>("""{"model":{"sigma":1}}""", Options));
        Assert.Equal("eta", JsonErrorText.MissingProperty(e.Message));
        Assert.Equal("$.model", e.Path);
    }

    [Fact]
    public void APolymorphicObjectWithoutItsDiscriminatorGivesItsPath()
    {
        var e = Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<Holder>("""{"shape":{"radius":1}}""", Options));
        Assert.Equal("$.shape", JsonErrorText.PathIn(e.Message));
    }

    [Fact]
    public void TheLocationIsCutFromAConversionError()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Inner>("""{"eta":"x","sigma":1}""", Options));
        string described = JsonErrorText.WithoutLocation(e.Message);
        Assert.DoesNotContain("Path:", described);
        Assert.DoesNotContain("LineNumber", described);
        Assert.Contains("could not be converted", described);
        Assert.Equal("$.eta", e.Path);
    }

    [Theory]
    [InlineData("""{"eta":"NaN","sigma":1}""", "System.Double")]
    [InlineData("""{"eta":[1],"sigma":1}""", "System.Double")]
    public void AConversionErrorNamesTheTargetType(string json, string type)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Inner>(json, Options));
        Assert.Equal(type, JsonErrorText.ConversionTarget(e.Message));
    }

    [Fact]
    public void TextWithoutTheMarkersGivesNothing()
    {
        Assert.Null(JsonErrorText.ConversionTarget("something else"));
        Assert.Null(JsonErrorText.MissingProperty("something else"));
        Assert.Null(JsonErrorText.PathIn("something else"));
        Assert.Equal("plain", JsonErrorText.WithoutLocation("plain"));
    }
}
