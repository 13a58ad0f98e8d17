using System.Text.Json;
using Ensemble.Dashboard.Hosting;
using Ensemble.Tests.Service;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>/api/operations over two silos: each answers for itself, and a silo that goes away is shown as such without holding up the page.</summary>
public sealed class DashboardOperationsTwoSiloTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachSiloAnswersForItselfAndAKilledOneIsShownWithoutHoldingUpTheOthers()
    {
        var cluster = new TwoSiloCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var server = await DashboardServer.StartAsync(cluster.Grains, new DashboardOptions { Urls = "http://127.0.0.1:0" },
                cancellation: Cancellation);
            using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(30) };

            var silos = await SilosAsync(http);
            Assert.Equal(2, silos.Count(s => s.GetProperty("status").GetString() == "active"));
            // Each workload came from its own silo (the grain refuses to answer for another), so both rows are complete.
            Assert.All(silos, s => Assert.Equal(2, s.GetProperty("workers").GetInt32()));
            Assert.All(silos, s => Assert.False(s.TryGetProperty("problem", out _), s.ToString()));
            Assert.Equal(2, silos.Select(s => s.GetProperty("address").GetString()).Distinct().Count());

            var secondary = cluster.Cluster.SecondarySilos.Single();
            string gone = secondary.SiloAddress.ToParsableString();
            await cluster.Cluster.KillSiloAsync(secondary, Cancellation);
            await Task.Delay(OperationsEndpointsFreshFor, Cancellation); // past the cache, so the next read asks the cluster again

            // The killed silo is either still a member that no longer answers (its load left empty, why said) or already declared dead.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var after = await SilosAsync(http);
            var read = clock.Elapsed;
            var killed = after.Single(s => s.GetProperty("address").GetString() == gone);
            bool dead = killed.GetProperty("status").GetString() == "dead";
            Assert.True(dead || killed.TryGetProperty("problem", out _), killed.ToString());
            Assert.False(killed.TryGetProperty("workers", out _), killed.ToString());
            var survivor = after.Single(s => s.GetProperty("address").GetString() != gone);
            Assert.Equal(2, survivor.GetProperty("workers").GetInt32());
            TestContext.Current.SendDiagnosticMessage($"[operations] read {read.TotalMilliseconds:F0} ms after a silo was killed; it showed as " +
                $"{killed.GetProperty("status").GetString()} ({(killed.TryGetProperty("problem", out var p) ? p.GetString() : "no problem")})");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static readonly TimeSpan OperationsEndpointsFreshFor = Ensemble.Dashboard.Api.OperationsEndpoints.FreshFor + TimeSpan.FromMilliseconds(100);

    private static async Task<JsonElement[]> SilosAsync(HttpClient http)
    {
        var (status, body) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/operations", null, http);
        Assert.Equal(200, status);
        return [.. body.GetProperty("silos").EnumerateArray()];
    }
}
