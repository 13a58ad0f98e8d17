using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Commands;

/// <summary>
/// Parsers and checks for option values whose refusal names the option and the allowed range in
/// words (the parser's own message names a .NET type), so a bad value is one clear parse error.
/// </summary>
public static class OptionValues
{
    /// <summary>An integer option within [min, max]; anything else (text, a fraction, out of range) is refused naming the option.</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => ParseInteger(r, option.Name, min, max) ?? default;
        return option;
    }

    /// <summary>As <see cref="Within{T}(Option{T}, T, T)"/>, for an optional integer.</summary>
    public static Option<T?> Within<T>(this Option<T?> option, T min, T max) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => ParseInteger(r, option.Name, min, max);
        return option;
    }

    /// <summary>A text option that must be one of <paramref name="choices"/>; anything else is refused on one line naming the option.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] choices)
    {
        option.CompletionSources.Add(choices);
        option.Validators.Add(r =>
        {
            string? value = r.GetValueOrDefault<string>();
            if (value is not null && !choices.Contains(value))
                r.AddError($"{option.Name}: one of {string.Join(", ", choices)}, found \"{Shown(value)}\"");
        });
        return option;
    }

    /// <summary>An optional number that must be finite; anything else is refused naming the option.</summary>
    public static Option<double?> Finite(this Option<double?> option)
    {
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)) return x;
            r.AddError($"{option.Name}: a finite number, found \"{Shown(text)}\"");
            return null;
        };
        return option;
    }

    /// <summary>Refuses a value that is not a valid job id (see <see cref="JobId"/>), naming <paramref name="name"/>.</summary>
    public static Option<string?> AsJobId(this Option<string?> option)
    {
        option.Validators.Add(r => Check(r, option.Name, r.GetValueOrDefault<string?>()));
        return option;
    }

    public static Argument<string> AsJobId(this Argument<string> argument)
    {
        argument.Validators.Add(r => Check(r, argument.Name.ToUpperInvariant(), r.GetValueOrDefault<string>()));
        return argument;
    }

    private static void Check(SymbolResult result, string name, string? id)
    {
        if (result.Tokens.Count > 0 && JobId.Problem(id) is { } problem) result.AddError($"{name}: {problem}");
    }

    private static T? ParseInteger<T>(ArgumentResult result, string name, T min, T max) where T : struct, IBinaryInteger<T>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= BigInteger.CreateChecked(min) && value <= BigInteger.CreateChecked(max))
            return T.CreateChecked(value);
        result.AddError($"{name}: an integer from {min} to {max}, found \"{Shown(text)}\"");
        return null;
    }

    private static string Shown(string text) => CommandErrors.OneLine(text.Length > 40 ? text[..40] + "…" : text);
}
