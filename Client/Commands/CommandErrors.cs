using Ensemble.Client.Cluster;
using Ensemble.Grains.Interfaces;
using Ensemble.Simulation.Specs;
using Orleans.Runtime;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>Exit codes, and the one-line message each kind of failure gets.</summary>
public static class CommandErrors
{
    public const int Invalid = 2;
    public const int Unreachable = 3;
    public const int UnknownJob = 4;
    public const int NotReproduced = 5;

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (SpecValidationException e) when (e.Field.StartsWith("--", StringComparison.Ordinal))
        {
            return Fail($"invalid option {e.Message}", Invalid);
        }
        catch (SpecValidationException e)
        {
            return Fail($"invalid spec: {e.Message}", Invalid);
        }
        catch (JobRejectedException e) when (e.Reason.StartsWith("no job", StringComparison.Ordinal))
        {
            return Fail($"unknown job: {e.Reason}", UnknownJob);
        }
        catch (JobRejectedException e)
        {
            return Fail($"rejected: {e.Message}", Invalid);
        }
        catch (ClusterUnreachableException e)
        {
            return Fail(e.Message, Unreachable);
        }
        catch (Npgsql.NpgsqlException e)
        {
            // Npgsql's messages name host and problem, never the password.
            return Fail($"database: {e.Message}", Unreachable);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("--postgres", StringComparison.Ordinal))
        {
            return Fail($"invalid option {e.Message}", Invalid);
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

    public static int Fail(string message, int code)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }
}
