using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// The JSON form of <see cref="SimulationSpec"/>: camelCase, enums as camelCase strings, a "type"
/// field for the polymorphic parts. Parsing also validates, so a spec read is a spec checked.
/// </summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The largest spec accepted, in bytes of a file or characters of text (1 MiB): a spec is a page, not a data set.</summary>
    public const int MaxLength = 1 << 20;

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
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses and validates; any problem becomes a <see cref="SpecValidationException"/>.</summary>
    public static SimulationSpec Parse(string json)
    {
        if (json.Length > MaxLength) throw new SpecValidationException("spec", $"a spec of at most {MaxLength} characters, found {json.Length}");
        SimulationSpec? spec;
        JsonNode? tree = null;
        try
        {
            spec = Deserialize(json, out tree);
        }
        catch (JsonException e)
        {
            throw new SpecValidationException(FieldOf(e.Path, e.Message), SpecConversionText.Describe(e.Message, tree, e.Path));
        }
        catch (InvalidOperationException)
        {
            // Text that is not even JSON skips the tree walk (SpecStrings); its strings may still hold a lone surrogate.
            throw new SpecValidationException("spec", "JSON text of whole Unicode characters (no lone UTF-16 surrogate escape such as \\ud800)");
        }
        catch (NotSupportedException e)
        {
            // A polymorphic object without its "type" discriminator surfaces as NotSupported,
            // with the path only inside the message.
            throw new SpecValidationException(
                JsonPathToField(JsonErrorText.PathIn(e.Message)) + ".type",
                "a \"type\" field naming the kind of object (see the README's spec format)");
        }
        return SpecValidator.Validate(spec!);
    }

    /// <summary>
    /// JSON objects have no order, but the serializer wants "type" first in a polymorphic object.
    /// Moving it first on a parsed tree (rather than letting the serializer buffer objects) keeps
    /// error paths precise; text that is not even JSON goes straight to the serializer, whose
    /// error then carries the path.
    /// </summary>
    private static SimulationSpec? Deserialize(string json, out JsonNode? tree)
    {
        tree = null;
        try
        {
            tree = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException)
        {
            return JsonSerializer.Deserialize<SimulationSpec>(json, Options);
        }
        SpecStrings.Check(tree, "spec");
        MoveTypeFirst(tree);
        return tree.Deserialize<SimulationSpec>(Options);
    }

    private static void MoveTypeFirst(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj) MoveTypeFirst(child);
                if (obj.TryGetPropertyValue("type", out var type) && obj.IndexOf("type") > 0)
                {
                    obj.Remove("type");
                    obj.Insert(0, "type", type);
                }
                break;
            case JsonArray array:
                foreach (var child in array) MoveTypeFirst(child);
                break;
        }
    }

    public static SimulationSpec Load(string path) => Parse(File.ReadAllText(path));

    public static string Serialize(SimulationSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>
    /// The field to blame: the JSON path, extended by the first missing required property when the
    /// serializer reports one (it reports the enclosing object's path).
    /// </summary>
    private static string FieldOf(string? path, string message)
    {
        string field = JsonPathToField(path);
        if (JsonErrorText.MissingProperty(message) is not { } missing) return field;
        return field == "spec" ? missing : $"{field}.{missing}";
    }

    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "spec";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
