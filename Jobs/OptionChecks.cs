using Microsoft.Extensions.Options;

namespace Ensemble.Jobs;

/// <summary>
/// The checks the service's options validators share, collecting one refusal per setting in the
/// form <c>Section:Setting: expected, found value</c>, so a silo that will not start says which
/// setting to fix.
/// </summary>
public sealed class OptionChecks(string section)
{
    private readonly List<string> _errors = [];

    public OptionChecks Positive(string setting, TimeSpan value, TimeSpan? atMost = null) =>
        Check(value > TimeSpan.Zero && (atMost is not { } most || value <= most), setting,
            atMost is { } max ? $"a positive duration of at most {max.Days} days" : "a positive duration", value);

    public OptionChecks AtLeast(string setting, int value, int least) => Check(value >= least, setting, $"at least {least}", value);

    public OptionChecks AtLeast(string setting, TimeSpan value, TimeSpan least, string leastSetting) =>
        Check(value >= least, setting, $"at least {leastSetting} ({least})", value);

    public ValidateOptionsResult Result => _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);

    private OptionChecks Check(bool ok, string setting, string expected, object found)
    {
        if (!ok) _errors.Add($"{section}:{setting}: {expected}, found {found}");
        return this;
    }
}
