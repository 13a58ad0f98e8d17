using System.Diagnostics;

namespace Ensemble.Tests.Support;

/// <summary>Runs the built <c>ensemble</c> command line in its own process, as a user would.</summary>
public static class ClientProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Task<Outcome> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

    public static Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunInAsync(AppContext.BaseDirectory, environment, arguments);

    /// <summary>Runs the command line with <paramref name="workingDirectory"/> as its current folder (where results/ goes).</summary>
    public static async Task<Outcome> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        string dll = Locate();
        var start = new ProcessStartInfo("dotnet")
        {
            // Input too, and closed at once: the client is a script's child here, never a terminal's (run --dashboard
            // keeps serving after the job only for a terminal).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await output, await error);
    }

    private static string Locate() => BuiltAssembly("Client", "ensemble.dll");

    /// <summary>A project's build output beside this test assembly's (same configuration and framework).</summary>
    public static string BuiltAssembly(string project, string file)
    {
        // Tests/bin/<Configuration>/<tfm>/ -> <project>/bin/<Configuration>/<tfm>/<file>
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testOutput.Name, configuration = testOutput.Parent!.Name;
        string root = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        string dll = Path.Combine(root, project, "bin", configuration, framework, file);
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the solution first (dotnet build): {dll} is missing", dll);
        return dll;
    }
}
