using System.Diagnostics;
using System.Text;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>Exit code and captured output of a finished external command.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Thrown when an external command fails or hangs; the message carries its output so the test log explains why.</summary>
internal sealed class ProcessFailedException(string message) : Exception(message);

/// <summary>
/// Runs external commands (initdb, pg_ctl, chown, ...) with a hard timeout.
/// Output is captured because a bare exit code ("initdb exited with 1") is useless in a CI log.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Runs the command and throws <see cref="ProcessFailedException"/> unless it exits with 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var result = await RunAsync(fileName, arguments, timeout, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new ProcessFailedException(
                $"{Describe(fileName, arguments)} exited with code {result.ExitCode}.{FormatOutput(result)}");
        }
        return result;
    }

    /// <summary>Runs the command; a timeout kills the whole process tree and throws, since a hung helper would hang the test run.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        // Event-based reading keeps whatever was written before a timeout, for the error message.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };

        try
        {
            process.Start();
        }
        catch (Exception ex)
        {
            throw new ProcessFailedException($"Could not start {Describe(fileName, arguments)}: {ex.Message}");
        }
        // Nothing is ever fed to stdin; closing it stops tools that would prompt from waiting forever.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            var partial = new ProcessResult(-1, Snapshot(stdout), Snapshot(stderr));
            throw new ProcessFailedException(
                $"{Describe(fileName, arguments)} did not finish within {timeout.TotalSeconds:0} s and was killed.{FormatOutput(partial)}");
        }

        return new ProcessResult(process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder) return builder.ToString().Trim();
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        $"'{fileName} {string.Join(' ', arguments)}'";

    private static string FormatOutput(ProcessResult result)
    {
        var text = new StringBuilder();
        if (result.StandardError.Length > 0) text.Append("\nstderr:\n").Append(result.StandardError);
        if (result.StandardOutput.Length > 0) text.Append("\nstdout:\n").Append(result.StandardOutput);
        return text.ToString();
    }
}
