using System.Diagnostics;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>A silo process given a connection string it cannot use ends with one line on stderr and a documented code, no stack trace.</summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class SiloStartRefusalTests
{
    [Theory]
    [InlineData("Host=;;;=garbage", 2, "error: invalid option --postgres: a PostgreSQL connection string")]
    [InlineData("Host=127.0.0.1;Port=1;Database=x;Username=u;Password=NotShown-9", 3, "error: cannot reach the database Host=127.0.0.1;Port=1")]
    public async Task ASiloWithABadOrUnreachableDatabaseExitsWithOneLine(string connectionString, int exitCode, string line)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ClientProcess.BuiltAssembly("Silo", "Ensemble.Silo.dll"), "--silo-port", $"{FreePort.Find()}",
            "--gateway-port", $"{FreePort.Find()}", "--postgres", connectionString })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await process.WaitForExitAsync(timeout.Token);

        string errors = await error, everything = await output + errors;
        Assert.Equal(exitCode, process.ExitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith(line, lines[0]);
        Assert.DoesNotContain("   at ", everything);
        Assert.DoesNotContain("Unhandled exception", everything);
        Assert.DoesNotContain("NotShown-9", everything);
    }
}
