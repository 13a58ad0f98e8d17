using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// The JSON form of <see cref="SimulationSpec"/>: camelCase, enums as camelCase strings, a "type"
/// field for the polymorphic parts. Parsing also validates, so a spec read is a spec checked.
/// </summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses and validates; any problem becomes a <see cref="SpecValidationException"/>.</summary>
    public static SimulationSpec Parse(string json)
    {
        SimulationSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<SimulationSpec>(json, Options);
        }
        catch (JsonException e)
        {
            throw new SpecValidationException(JsonPathToField(e.Path), Describe(e));
        }
        return SpecValidator.Validate(spec!);
    }

    public static SimulationSpec Load(string path) => Parse(File.ReadAllText(path));

    public static string Serialize(SimulationSpec spec) => JsonSerializer.Serialize(spec, Options);

    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "spec";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Describe(JsonException e)
    {
        // The serializer's own message already says what was found and what type was expected;
        // strip its trailing location boilerplate, which the field path replaces.
        string message = e.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
