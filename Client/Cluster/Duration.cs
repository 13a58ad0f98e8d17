using System.CommandLine;
using System.Globalization;

namespace Ensemble.Client.Cluster;

/// <summary>Durations as a user types them: <c>90s</c>, <c>2m</c>, <c>1h</c>, or <c>hh:mm:ss</c>.</summary>
public static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        value = default;
        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) &&
            double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && double.IsFinite(amount) && amount >= 0)
        {
            double? seconds = char.ToLowerInvariant(text[^1]) switch { 's' => amount, 'm' => amount * 60, 'h' => amount * 3600, _ => null };
            if (seconds is not { } s || s > TimeSpan.MaxValue.TotalSeconds / 2) return false;
            value = TimeSpan.FromSeconds(s);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    public static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m{span.Seconds:00}s"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{Math.Max(0, (int)Math.Round(span.TotalSeconds))}s";

    /// <summary><c>--give-up-after</c>: how long <c>watch</c> and <c>submit --wait</c> wait for a lost coordinator to answer again.</summary>
    public static Option<TimeSpan> GiveUpAfter() => new("--give-up-after")
    {
        Description = "how long to keep reconnecting to a job whose coordinator stopped answering (e.g. 90s, 2m, 1h)",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TryParse(text, out var value)) return value;
            result.AddError($"--give-up-after: a duration such as 90s, 2m or 01:30:00, found \"{text}\"");
            return default;
        },
    };
}
