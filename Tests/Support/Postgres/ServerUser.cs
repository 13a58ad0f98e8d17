using System.Runtime.InteropServices;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>
/// PostgreSQL refuses to run as root. When the tests run as root (containers, CI), the server tools are run as
/// the OS user <c>postgres</c> through runuser instead.
/// </summary>
internal static class ServerUser
{
    public const string Name = "postgres";

    public static bool CurrentIsRoot { get; } = DetectRoot();

    /// <summary>Builds the (file, arguments) pair that runs a server tool as a user PostgreSQL accepts.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(string tool, IReadOnlyList<string> arguments) =>
        CurrentIsRoot
            ? ("runuser", ["-u", Name, "--", tool, .. arguments])
            : (tool, arguments);

    /// <summary>Returns null when server tools can run, otherwise what the user must fix.</summary>
    public static async Task<string?> WhyCannotRunServerAsync()
    {
        if (!CurrentIsRoot) return null;
        try
        {
            var result = await ProcessRunner.RunAsync("id", ["-u", Name], TimeSpan.FromSeconds(10));
            if (result.ExitCode == 0) return null;
        }
        catch (ProcessFailedException)
        {
            // Falls through to the explanation below.
        }
        return $"tests run as root, which PostgreSQL refuses; create an OS user '{Name}' (e.g. 'useradd --system {Name}') or run the tests as a non-root user";
    }

    /// <summary>Lets the server user own a folder we created (no-op when not root).</summary>
    public static async Task GiveAwayAsync(string folder)
    {
        if (!CurrentIsRoot) return;
        await ProcessRunner.RunCheckedAsync("chown", ["-R", Name, folder], TimeSpan.FromSeconds(30));
    }

    private static bool DetectRoot()
    {
        if (OperatingSystem.IsWindows()) return false;
        if (Environment.UserName == "root") return true;
        try
        {
            return geteuid() == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
