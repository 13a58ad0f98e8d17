using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Specs;

/// <summary>
/// Spec text as an adversary writes it: every refusal names the field and says what was expected
/// in words (allowed values, "a finite number"), never a .NET type name, and no exception other
/// than <see cref="SpecValidationException"/> escapes the parser.
/// </summary>
public sealed class HostileSpecTests
{
    private static string Example(string name) => File.ReadAllText(TestSpecs.ExamplePath(name));

    private static SpecValidationException Refused(string json)
    {
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.DoesNotContain("System.", e.Message);
        Assert.DoesNotContain("Ensemble.", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    private static string W1(string from, string to)
    {
        string text = Example("w1.json");
        string edited = text.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        return edited;
    }

    [Theory]
    [InlineData("\"polynomialBump\"", "\"gaussianish\"", "model.kernel", "one of polynomialBump, smoothBump, found \"gaussianish\"")]
    [InlineData("\"eta\": 0.1", "\"eta\": \"NaN\"", "model.eta", "a finite number, found \"NaN\"")]
    [InlineData("\"eta\": 0.1", "\"eta\": \"-Infinity\"", "model.eta", "a finite number")]
    [InlineData("\"eta\": 0.1", "\"eta\": true", "model.eta", "a finite number, found true")]
    [InlineData("\"particles\": 1000", "\"particles\": 1e20", "model.species[0].particles", "an integer from")]
    [InlineData("\"particles\": 1000", "\"particles\": 2.5", "model.species[0].particles", "an integer from")]
    [InlineData("[0.0, 0.05, 0.1]", "\"soon\"", "time.outputTimes", "an array of finite numbers")]
    [InlineData("\"taggedParticles\": [0, 1]", "\"taggedParticles\": [0, \"one\"]", "observables.taggedParticles[1]", "an integer")]
    public void AValueOfTheWrongKindIsDescribedInWords(string from, string to, string field, string expected)
    {
        var e = Refused(W1(from, to));
        Assert.Equal(field, e.Field);
        Assert.StartsWith(expected, e.Expectation, StringComparison.Ordinal);
    }

    [Fact]
    public void APressureEnumListsItsValues()
    {
        string text = Example("w2.json");
        string edited = System.Text.RegularExpressions.Regex.Replace(text, "\"mollifier\": \"[a-zA-Z]+\"", "\"mollifier\": \"box\"");
        Assert.NotEqual(text, edited);
        var e = Refused(edited);
        Assert.Equal("model.mollifier", e.Field);
        Assert.Equal("one of polynomialBump, smoothBump, found \"box\"", e.Expectation);
    }

    [Theory]
    [InlineData("\"u1\"", "\"\\ud800\"", "model.species[0].name")]
    [InlineData("\"u1\"", "\"a\\udfffb\"", "model.species[0].name")]
    [InlineData("\"polynomialBump\"", "\"\\ud800\"", "model.kernel")]
    [InlineData("\"gaussian\", \"mean\": [0.5", "\"\\udc00\", \"mean\": [0.5", "model.species[1].initial.type")]
    public void ALoneSurrogateIsRefusedNamingItsField(string from, string to, string field)
    {
        var e = Refused(W1(from, to));
        Assert.Equal(field, e.Field);
        Assert.Contains("lone UTF-16 surrogate", e.Expectation);
    }

    [Fact]
    public void ALoneSurrogateInAPropertyNameIsRefused() =>
        Assert.Contains("lone UTF-16 surrogate", Refused(W1("\"eta\"", "\"\\ud800\"")).Expectation);

    [Fact]
    public void ASurrogatePairIsAWholeCharacterAndAllowed() =>
        Assert.Equal("u\U0001F600", SpecJson.Parse(W1("\"u1\"", "\"u\\ud83d\\ude00\"")).Model!.AllSpecies()[0].Name);

    [Theory]
    [InlineData(65, "a name of 1 to 64 characters, found 65")]
    [InlineData(1_000_000, "a name of 1 to 64 characters, found 1000000")]
    [InlineData(0, "a name of 1 to 64 characters, found 0")]
    public void ASpeciesNameIsAtMost64Characters(int length, string expected)
    {
        var e = Refused(W1("\"u1\"", $"\"{new string('n', length)}\""));
        Assert.Equal(("model.species[0].name", expected), (e.Field, e.Expectation));
        Assert.Equal("n", SpecJson.Parse(W1("\"u1\"", "\"n\"")).Model!.AllSpecies()[0].Name);
    }

    [Theory]
    [InlineData("u\\n1")]
    [InlineData("u\\t1")]
    [InlineData("u\\u00851")]
    [InlineData("u\\u20281")]
    public void ASpeciesNameIsOneLineOfPrintableText(string name) =>
        Assert.Equal("model.species[0].name", Refused(W1("\"u1\"", $"\"{name}\"")).Field);

    [Fact]
    public void ASpecOfMoreThan1MiBIsRefusedWithoutParsing()
    {
        var e = Refused(Example("w1.json") + new string(' ', SpecJson.MaxLength));
        Assert.Equal("spec", e.Field);
        Assert.StartsWith($"a spec of at most {SpecJson.MaxLength} characters", e.Expectation, StringComparison.Ordinal);
    }
}
