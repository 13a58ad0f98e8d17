using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// Checks every string of a parsed spec tree (property names and values) before deserialising:
/// JSON may escape a lone UTF-16 surrogate ("\ud800"), which no .NET string operation downstream
/// can encode, and System.Text.Json would throw an InvalidOperationException from deep inside.
/// Here it becomes a refusal naming the field.
/// </summary>
internal static class SpecStrings
{
    private const string Expected = "text of whole Unicode characters, found a lone UTF-16 surrogate escape (such as \\ud800)";

    public static void Check(JsonNode? node, string field)
    {
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. obj];
                }
                catch (InvalidOperationException)
                {
                    throw new SpecValidationException(field, $"property names of {Expected}");
                }
                foreach (var (name, child) in properties) Check(child, field == "spec" ? name : $"{field}.{name}");
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++) Check(array[i], $"{field}[{i}]");
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    throw new SpecValidationException(field, Expected);
                }
                break;
        }
    }
}
