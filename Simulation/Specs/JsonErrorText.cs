using System.Text.RegularExpressions;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// The one place that reads System.Text.Json's error messages, which carry facts the exceptions do
/// not expose as properties: the path of a polymorphic object missing its discriminator, and the
/// name of a missing required property. The wording is the runtime's, not a contract, so a test
/// (<c>JsonErrorTextTests</c>) produces each message from the running serializer and fails if the
/// wording changes.
/// </summary>
internal static partial class JsonErrorText
{
    /// <summary>The JSON path in "... Path: $.model.initial." (NotSupportedException for a missing discriminator); null if absent.</summary>
    public static string? PathIn(string message) => PathPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The first property named in "... missing required properties including: 'eta'."; null if none.</summary>
    public static string? MissingProperty(string message) =>
        MissingPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The .NET type named in "The JSON value could not be converted to System.Double. ..."; null if none.</summary>
    public static string? ConversionTarget(string message) =>
        ConversionPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The message without its trailing " Path: ... | LineNumber: ..." location.</summary>
    public static string WithoutLocation(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex(@"Path: (\$[^ ]*?)\.?( |$)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"could not be converted to ([A-Za-z0-9_.+`\[\],]+?)\.( |$)")]
    private static partial Regex ConversionPattern();

    [GeneratedRegex(@"missing required properties including: '([^']+)'")]
    private static partial Regex MissingPattern();
}
