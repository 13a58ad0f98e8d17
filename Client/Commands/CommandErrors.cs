using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;
using Orleans.Runtime;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>
/// Exit codes, and the one-line message each kind of failure gets; decided by exception type and
/// <see cref="ErrorKind"/>, never by message text.
/// </summary>
public static class CommandErrors
{
    public const int Invalid = 2;
    public const int Unreachable = 3;
    public const int UnknownJob = 4;
    public const int NotReproduced = 5;

    public static int ExitCode(ErrorKind kind) => kind switch
    {
        ErrorKind.Unreachable or ErrorKind.StoreRefused => Unreachable,
        ErrorKind.UnknownJob => UnknownJob,
        ErrorKind.NotReproduced => NotReproduced,
        ErrorKind.InvalidSpec or ErrorKind.InvalidOption or ErrorKind.InvalidRequest or ErrorKind.Conflict => Invalid,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an error kind without an exit code"),
    };

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (EnsembleException e)
        {
            return Fail(Describe(e), ExitCode(e.Kind));
        }
        catch (SpecValidationException e)
        {
            return Fail($"invalid spec: {e.Message}", Invalid);
        }
        catch (Npgsql.NpgsqlException e)
        {
            // Npgsql's messages name host and problem, never the password.
            return Fail($"database: {e.Message}", Unreachable);
        }
        catch (Exception e) when (e is OrleansException or SiloUnavailableException or TimeoutException)
        {
            return Fail($"lost the cluster: {e.Message}", Unreachable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message, Invalid);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return Fail($"unreadable file: {e.Message}", Invalid);
        }
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

    public static int Fail(string message, int code)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }
}
