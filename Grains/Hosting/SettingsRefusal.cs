using Ensemble.Jobs.Errors;
using Microsoft.Extensions.Options;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// A host that would not start because of its settings, turned into one refusal naming the
/// setting, for the Silo and the embedded silo alike: a value of the wrong type (the
/// configuration binder's error names the key) or one its validator refused (see
/// <see cref="Jobs.OptionChecks"/>, whose messages start with the setting's key).
/// </summary>
public static class SettingsRefusal
{
    /// <summary>The refusal, or null if <paramref name="error"/> is not about the settings.</summary>
    public static EnsembleException? From(Exception error) => error switch
    {
        OptionsValidationException invalid => Refusal(invalid.Failures),
        // Start-up validation reports every refused section at once.
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            Refusal(many.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)),
        AggregateException { InnerExceptions.Count: 1 } single => From(single.InnerExceptions[0]),
        InvalidOperationException { InnerException: FormatException } unconvertible =>
            new EnsembleException(ErrorKind.InvalidOption, "configuration", unconvertible.Message),
        _ => null,
    };

    // OptionChecks writes "Section:Setting: expected, found value"; the key holds no ": ".
    private static EnsembleException Refusal(IEnumerable<string> failures)
    {
        var all = failures.ToArray();
        string first = all.FirstOrDefault() ?? "refused by its validator";
        var more = all.Skip(1);
        int cut = first.IndexOf(": ", StringComparison.Ordinal);
        string field = cut > 0 ? first[..cut] : "configuration";
        string reason = (cut > 0 ? first[(cut + 2)..] : first) + string.Concat(more.Select(m => $"; also {m}"));
        return new EnsembleException(ErrorKind.InvalidOption, field, reason);
    }
}
