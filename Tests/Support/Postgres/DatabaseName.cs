namespace Ensemble.Tests.Support.Postgres;

/// <summary>Generates unique database names that are safe to splice into SQL.</summary>
internal static class DatabaseName
{
    // PostgreSQL truncates identifiers at 63 bytes; 30 + "_" + 32 hex digits fits exactly.
    private const int MaxPrefixLength = 30;

    /// <summary>Lower-case [a-z0-9_] only, starting with a letter, so no quoting or escaping can go wrong.</summary>
    public static string Create(string prefix)
    {
        var cleaned = new string(prefix.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_').ToArray());
        if (cleaned.Length == 0 || cleaned[0] is < 'a' or > 'z') cleaned = "t" + cleaned;
        if (cleaned.Length > MaxPrefixLength) cleaned = cleaned[..MaxPrefixLength];
        return cleaned + "_" + Guid.NewGuid().ToString("N");
    }
}
