using Ensemble.Jobs.Errors;

namespace Ensemble.Jobs.Contracts;

/// <summary>
/// The job-id grammar: 1 to 128 characters from <c>[A-Za-z0-9._-]</c>, not "." or "..", not
/// starting with "-". A job id names a results folder and a grain, so it must never be a path
/// (no separators, no "..") nor read as an option; the client and the coordinator both check it.
/// </summary>
public static class JobId
{
    public const int MaxLength = 128;

    public const string Grammar = "1 to 128 characters from A-Z a-z 0-9 . _ -, not \".\" or \"..\" and not starting with \"-\"";

    /// <summary>What is wrong with <paramref name="id"/>, or null when it is a valid job id.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id)) return $"{Grammar}, found an empty value";
        bool valid = id.Length <= MaxLength && id is not ("." or "..") && id[0] != '-' && id.All(IsAllowed);
        return valid ? null : $"{Grammar}, found {Shown(id)}";
    }

    /// <summary>The id itself, or a refusal naming <paramref name="field"/>.</summary>
    public static string Checked(string? id, string field = "jobId") =>
        Problem(id) is { } problem ? throw new JobRejectedException(ErrorKind.InvalidOption, field, problem) : id!;

    /// <summary>A valid job id made from free text (a spec file's name): other characters become '_'.</summary>
    public static string From(string text, int maxLength = MaxLength)
    {
        var chars = text.Select(c => IsAllowed(c) ? c : '_').Take(maxLength).ToArray();
        string id = new(chars);
        if (id.Length == 0 || id[0] == '-' || id is "." or "..") id = "job" + id;
        return id.Length > maxLength ? id[..maxLength] : id;
    }

    public static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';

    /// <summary>The offending text quoted for a one-line message: control characters escaped, long text cut.</summary>
    private static string Shown(string id)
    {
        const int Cut = 40;
        string head = id.Length > Cut ? id[..Cut] : id;
        string escaped = string.Concat(head.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return $"\"{escaped}\"" + (id.Length > Cut ? $" ({id.Length} characters)" : "");
    }
}
