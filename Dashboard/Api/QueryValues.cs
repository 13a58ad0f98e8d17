using System.Globalization;
using Ensemble.Jobs.Contracts;
using Microsoft.AspNetCore.Http;

namespace Ensemble.Dashboard.Api;

/// <summary>Reads the query string strictly: a value that does not parse, or lies outside its range, is refused by name.</summary>
public static class QueryValues
{
    /// <summary>An optional integer in [min, max], <paramref name="fallback"/> when absent.</summary>
    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (Text(request, name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new BadParameterException(name, $"an integer from {min} to {max}", text);
        return value;
    }

    /// <summary>A seed (realisation index) as a route value: 0 to 4294967295.</summary>
    public static uint Seed(string text)
    {
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
            throw new BadParameterException("seed", "a realisation index from 0 to 4294967295", text);
        return value;
    }

    public static double? FiniteDouble(HttpRequest request, string name)
    {
        if (Text(request, name) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new BadParameterException(name, "a finite number", text);
        return value;
    }

    /// <summary>An optional free-text filter (species, component, observable): at most 64 characters, no control characters.</summary>
    public static string? Name(HttpRequest request, string name)
    {
        if (Text(request, name) is not { } text) return null;
        if (text.Length > 64 || text.Any(char.IsControl)) throw new BadParameterException(name, "1 to 64 characters without control characters", text);
        return text;
    }

    public static JobStatus? Status(HttpRequest request)
    {
        if (Text(request, "status") is not { } text) return null;
        var names = Enum.GetNames<JobStatus>().Select(n => n.ToLowerInvariant()).ToArray();
        if (!names.Contains(text)) throw new BadParameterException("status", $"one of {string.Join(", ", names)}", text);
        return Enum.Parse<JobStatus>(text, ignoreCase: true);
    }

    /// <summary>The value of <paramref name="name"/>; null when absent or empty; refused when given twice.</summary>
    private static string? Text(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values) || values.Count == 0) return null;
        if (values.Count > 1) throw new BadParameterException(name, "one value", string.Join(",", values.ToArray()));
        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
