using System.Diagnostics;
using System.Text.Json;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>Where the dashboard is served: by a silo process when asked, and by <c>run --dashboard</c>; refused addresses say so on one line.</summary>
public sealed class DashboardHostingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact, Trait(Slow.Category, Slow.Value)]
    public async Task ASiloServesTheDashboardOnLoopbackWhenAsked()
    {
        int port = FreePort.Find();
        await using var silo = await SiloProcess.StartAsync(null, new Dictionary<string, string>
        {
            ["Ensemble__Dashboard__Enabled"] = "true",
            ["Ensemble__Dashboard__Urls"] = $"http://127.0.0.1:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? body = null;
        while (body is null)
        {
            try
            {
                body = await http.GetStringAsync("/api/jobs", Cancellation);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Cancellation);
            }
        }
        Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32());
        Assert.Contains(silo.Output, line => line.Contains($"dashboard: http://127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Fact, Trait(Slow.Category, Slow.Value)]
    public async Task ASiloGivenABadDashboardAddressExitsWithOneLine()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ClientProcess.BuiltAssembly("Silo", "Ensemble.Silo.dll"), "--silo-port", $"{FreePort.Find()}",
            "--gateway-port", $"{FreePort.Find()}", "--dashboard-urls", "https://example.org" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Cancellation);
        await process.StandardOutput.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);
        Assert.Equal(2, process.ExitCode);
        string line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: invalid option --dashboard-urls: http://HOST:PORT", line);
        Assert.Contains("found \"https://example.org\"", line);
    }

    [Fact]
    public async Task RunWithDashboardPrintsItsLoopbackAddressAndRunWithoutItDoesNot()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-dash-{Guid.NewGuid():N}");
        try
        {
            var with = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--job", "dash", "--out", folder,
                "--no-report", "--dashboard");
            Assert.True(with.ExitCode == 0, with.Output + with.Error);
            Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/jobs/dash\b", with.Output);
            // Its input is redirected, as a script's: the page does not outlive the job, and run exits.
            Assert.DoesNotContain("still serving", with.Output);

            var without = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--job", "dash", "--out", folder,
                "--no-report", "--force");
            Assert.True(without.ExitCode == 0, without.Output + without.Error);
            Assert.DoesNotContain("dashboard", without.Output);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("http://127.0.0.1")]
    [InlineData("127.0.0.1:8080")]
    public async Task RunRefusesABadDashboardAddressOnOneLineBeforeAnyWork(string urls)
    {
        var outcome = await ClientProcess.RunAsync("run", TestSpecs.ExamplePath("w1.json"), "-r", "2", "--dashboard-urls", urls);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--dashboard-urls: http://HOST:PORT", outcome.Error);
        Assert.DoesNotContain("realisations succeeded", outcome.Output);
    }
}
