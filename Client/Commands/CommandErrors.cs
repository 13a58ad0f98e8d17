using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;
using Orleans.Runtime;

namespace Ensemble.Client.Commands;

/// <summary>
/// Exit codes, and the one-line message each kind of failure gets; decided by exception type and
/// <see cref="ErrorKind"/>, never by message text. Every error goes to stderr as one line
/// (control characters in echoed input escaped); the exception's details follow only with --verbose.
/// </summary>
public static class CommandErrors
{
    /// <summary>The job finished but not as completed (failed or cancelled).</summary>
    public const int NotCompleted = 1;
    public const int Invalid = 2;
    public const int Unreachable = 3;
    public const int UnknownJob = 4;
    public const int NotReproduced = 5;

    /// <summary>A job that finished with no successful realisation: there is nothing to estimate from.</summary>
    public const int NoSuccess = 6;

    /// <summary>A rerun that had no recorded outcome to compare with (never recorded, or abandoned).</summary>
    public const int NothingToVerify = 7;

    /// <summary>A failure the command did not foresee (a bug, or the machine ran out of memory); details with --verbose.</summary>
    public const int Internal = 70;

    private const int MaxMessageLength = 1000;

    /// <summary>Set from the global --verbose option: print the exception's type and stack after the one line.</summary>
    public static bool Verbose { get; set; }

    /// <summary>
    /// The exit code of a command that followed a job to its end (run, submit --wait, watch): 0 only
    /// for a completed job with at least one successful realisation.
    /// </summary>
    public static int Finished(string jobId, Ensemble.Jobs.Contracts.JobStatusReport status) =>
        // Failed before anything ran (a limit that cannot be solved, a refused first checkpoint): say why.
        status is { Status: Ensemble.Jobs.Contracts.JobStatus.Failed, Done: 0, Abandoned: 0 }
            ? Fail($"job {jobId} failed: {status.Message ?? "no reason recorded"}", NotCompleted)
            : status.Succeeded == 0
            ? Fail($"job {jobId} finished with no successful realisation ({status.Failed} failed): nothing to estimate from", NoSuccess)
            : status.Status == Ensemble.Jobs.Contracts.JobStatus.Completed ? 0 : NotCompleted;

    public static int ExitCode(ErrorKind kind) => kind switch
    {
        ErrorKind.Unreachable or ErrorKind.StoreRefused => Unreachable,
        ErrorKind.UnknownJob => UnknownJob,
        ErrorKind.NotReproduced => NotReproduced,
        ErrorKind.InvalidSpec or ErrorKind.InvalidOption or ErrorKind.InvalidRequest or ErrorKind.Conflict => Invalid,
        _ => Internal,
    };

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Handle(e);
        }
    }

    /// <summary>The one line and exit code for any exception; nothing escapes as a stack trace.</summary>
    public static int Handle(Exception e)
    {
        var (message, code) = e switch
        {
            EnsembleException ensemble => (Describe(ensemble), ExitCode(ensemble.Kind)),
            SpecValidationException spec => ($"invalid spec: {spec.Message}", Invalid),
            // Npgsql's messages name host and problem, never the password.
            Npgsql.NpgsqlException database => ($"database: {database.Message}", Unreachable),
            OrleansException or SiloUnavailableException or TimeoutException => ($"lost the cluster: {e.Message}", Unreachable),
            IOException or UnauthorizedAccessException => (e.Message, Invalid),
            System.Text.Json.JsonException or FormatException => ($"unreadable file: {e.Message}", Invalid),
            OutOfMemoryException => ("out of memory: the job needs more memory than this process could get (see the README's budgets)", Internal),
            _ => ($"unexpected failure ({e.GetType().Name}): {e.Message}; run again with --verbose for details", Internal),
        };
        Fail(message, code);
        if (Verbose) Console.Error.WriteLine(e.ToString());
        return code;
    }

    private static string Describe(EnsembleException e) => e.Kind switch
    {
        ErrorKind.UnknownJob => $"unknown job: {e.Reason}",
        ErrorKind.Unreachable => e.Reason,
        ErrorKind.StoreRefused => $"database refused: {e.Reason}",
        ErrorKind.InvalidOption => $"invalid option {e.Message}",
        ErrorKind.InvalidSpec => $"invalid spec: {e.Message}",
        _ => $"rejected: {e.Message}",
    };

    /// <summary>Writes "error: message" to stderr as exactly one line (no markup, no wrapping) and returns <paramref name="code"/>.</summary>
    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + OneLine(message));
        return code;
    }

    /// <summary>
    /// Text safe to print on one line: line breaks, other control characters and lone surrogates
    /// escaped as \uXXXX, cut at <see cref="MaxMessageLength"/> characters.
    /// </summary>
    public static string OneLine(string text)
    {
        var line = new System.Text.StringBuilder(Math.Min(text.Length, MaxMessageLength + 16));
        for (int i = 0; i < text.Length && line.Length < MaxMessageLength; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                line.Append(c).Append(text[++i]);
                continue;
            }
            bool unsafeChar = char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085';
            if (unsafeChar) line.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else line.Append(c);
        }
        return line.Length >= MaxMessageLength ? line.ToString(0, MaxMessageLength) + "…" : line.ToString();
    }
}
