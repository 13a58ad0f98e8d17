using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// A fresh working folder three levels down in a folder of its own, so a write that escapes the
/// working folder (results/../../x) still lands where the test can see it; the command line runs
/// there, and the tree is compared before and after.
/// </summary>
public sealed class HostileCli : IDisposable
{
    private HostileCli()
    {
        Root = Path.Combine(Path.GetTempPath(), $"ensemble-hostile-{Guid.NewGuid():N}");
        Work = Path.Combine(Root, "a", "b", "work");
        Directory.CreateDirectory(Work);
    }

    public string Root { get; }

    public string Work { get; }

    public static HostileCli Create() => new();

    /// <summary>A file in the working folder, written before the command runs.</summary>
    public string File(string name, string text)
    {
        string path = Path.Combine(Work, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string[] Tree() => Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).ToArray();

    public Task<ClientProcess.Outcome> RunAsync(params string[] arguments) =>
        ClientProcess.RunInAsync(Work, new Dictionary<string, string>(), arguments);

    /// <summary>The shape every refusal must have: the exit code, one line on stderr starting "error:" and naming the culprit, no stack trace.</summary>
    public static void AssertOneLineRefusal(ClientProcess.Outcome outcome, int exitCode, string naming)
    {
        string error = outcome.Error.TrimEnd('\n', '\r');
        Assert.True(outcome.ExitCode == exitCode, $"exit {outcome.ExitCode}, expected {exitCode}: {outcome.Output}{outcome.Error}");
        Assert.True(!error.Contains('\n'), $"one line on stderr, found: {outcome.Error}");
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(naming, error);
        foreach (string trace in new[] { "   at ", "Exception:", "Unhandled exception" })
        {
            Assert.DoesNotContain(trace, outcome.Output);
            Assert.DoesNotContain(trace, outcome.Error);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
