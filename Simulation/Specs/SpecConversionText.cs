using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// Words for a value the serializer could not convert: the allowed values of an enum, "a finite
/// number" for a double, never the .NET type name the serializer's message carries; with the
/// value found (cut short) when the tree has it.
/// </summary>
internal static class SpecConversionText
{
    public static string Describe(string message, JsonNode? tree, string? path)
    {
        string plain = JsonErrorText.WithoutLocation(message);
        if (JsonErrorText.ConversionTarget(message) is not { } typeName) return plain;
        string expected = Expected(typeName);
        return Found(tree, path) is { } found ? $"{expected}, found {found}" : expected;
    }

    private static string Expected(string typeName)
    {
        var type = typeof(SpecJson).Assembly.GetType(typeName) ?? Type.GetType(typeName);
        if (type is null) return "a value of another kind (see the README's spec format)";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementOf(type) is { } element) return $"an array of {Plural(element)}";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        return Singular(type);
    }

    private static string Singular(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "a finite number",
        TypeCode.Int32 => $"an integer from {int.MinValue} to {int.MaxValue}",
        TypeCode.UInt32 => $"an integer from 0 to {uint.MaxValue}",
        TypeCode.Int64 => $"an integer from {long.MinValue} to {long.MaxValue}",
        TypeCode.UInt64 => $"an integer from 0 to {ulong.MaxValue}",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "a string",
        _ => ElementOf(type) is { } element ? $"an array of {Plural(element)}" : "an object (see the README's spec format)",
    };

    /// <summary>The element type of an array or list type (double[], IReadOnlyList&lt;double&gt;); null for anything else.</summary>
    private static Type? ElementOf(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static string Plural(Type element) => ElementOf(element) is { } inner ? $"arrays of {Plural(inner)}" : Singular(element) switch
    {
        "a finite number" => "finite numbers",
        "a string" => "strings",
        var one when one.StartsWith("an integer", StringComparison.Ordinal) => "integers",
        var other => $"values ({other})",
    };

    /// <summary>The JSON text at <paramref name="path"/> ("$.model.species[0].sigma"), cut to 40 characters; null if not found.</summary>
    private static string? Found(JsonNode? tree, string? path)
    {
        if (tree is null || string.IsNullOrEmpty(path) || !path.StartsWith('$')) return null;
        var node = tree;
        int i = 1;
        while (i < path.Length && node is not null)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                node = node is JsonObject obj && obj.TryGetPropertyValue(path[(i + 1)..end], out var child) ? child : null;
                i = end;
            }
            else if (path[i] == '[' && path.IndexOf(']', i) is var close and > 0 && int.TryParse(path.AsSpan(i + 1, close - i - 1), out int index))
            {
                node = node is JsonArray array && index >= 0 && index < array.Count ? array[index] : null;
                i = close + 1;
            }
            else return null;
        }
        if (node is null) return null;
        string text = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
