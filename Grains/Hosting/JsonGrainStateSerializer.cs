using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// Grain state as plain JSON (System.Text.Json): property names only, no CLR type names, so a
/// state written today still reads after a type or namespace is renamed, and it can be read with
/// SQL (<c>convert_from(payloadbinary, 'UTF8')::jsonb</c>).
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options)!;
}
