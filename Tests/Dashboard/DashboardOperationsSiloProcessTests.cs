using System.Text.Json;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>A silo process started with its dashboard serves the operations API and the Orleans dashboard under /orleans.</summary>
public sealed class DashboardOperationsSiloProcessTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact, Trait(Slow.Category, Slow.Value)]
    public async Task ASiloProcessServesOperationsAndTheOrleansDashboard()
    {
        int port = FreePort.Find();
        await using var silo = await SiloProcess.StartAsync(null, new Dictionary<string, string>
        {
            ["Ensemble__Dashboard__Enabled"] = "true",
            ["Ensemble__Dashboard__Urls"] = $"http://127.0.0.1:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? body = null;
        while (body is null)
        {
            try
            {
                body = await http.GetStringAsync("/api/operations", Cancellation);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Cancellation);
            }
        }
        var silos = JsonDocument.Parse(body).RootElement.GetProperty("silos").EnumerateArray().ToArray();
        var only = Assert.Single(silos);
        Assert.Equal("active", only.GetProperty("status").GetString());
        Assert.Equal(2, only.GetProperty("workers").GetInt32()); // SiloProcess starts it with --workers 2, read on that silo

        using var page = await http.GetAsync("/orleans/", Cancellation);
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(Cancellation));
        var counters = JsonDocument.Parse(await http.GetStringAsync("/orleans/DashboardCounters", Cancellation)).RootElement;
        Assert.True(counters.TryGetProperty("totalActivationCount", out _), counters.ToString());
    }
}
