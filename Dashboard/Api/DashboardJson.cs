using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Dashboard.Api;

/// <summary>The dashboard's JSON: camelCase names, enums as lower-case text, nulls left out. Non-finite numbers never reach it.</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A number for JSON: NaN and infinities (an se from fewer than two realisations) become null.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
