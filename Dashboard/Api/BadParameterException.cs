namespace Ensemble.Dashboard.Api;

/// <summary>A query or route value the dashboard refuses: answered 400, naming the parameter and what was expected.</summary>
public sealed class BadParameterException(string parameter, string expected, string? found)
    : Exception($"{parameter}: expected {expected}, found {Shown(found)}")
{
    public string Parameter { get; } = parameter;

    private static string Shown(string? found)
    {
        if (found is null) return "nothing";
        string head = found.Length > 40 ? found[..40] + "…" : found;
        return "\"" + string.Concat(head.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }
}
