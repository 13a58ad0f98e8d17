using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// A running job read live from its coordinator, whose books keep no silo or duration per seed: with PostgreSQL the realisations
/// page takes them from the records saved at the last checkpoint (every 2 s).
/// </summary>
public sealed class DashboardJobPageDatabaseTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ARunningJobsRealisationsShowSiloAndDurationOnceSaved()
    {
        var cancellation = TestContext.Current.CancellationToken;
        string database = await postgres.CreateDatabaseAsync("dashboard_live");
        await using var cluster = await EmbeddedCluster.StartAsync(workers: 2, database, cancellation);
        await using var dashboard = await DashboardServer.StartAsync(cluster.Client,
            new DashboardOptions { Urls = "http://127.0.0.1:0", Postgres = database }, cancellation: cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.Url) };
        var job = cluster.Client.GetGrain<IJobGrain>("live-details");
        await job.Submit(DashboardRig.Slow(2000));
        try
        {
            // Wait (bounded) for a checkpoint that saved seed 0; the job keeps running meanwhile.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            System.Text.Json.JsonElement first = default;
            while (DateTime.UtcNow < deadline)
            {
                var (_, page) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/live-details/realisations?size=2", null, http);
                first = page.GetProperty("items")[0];
                if (first.TryGetProperty("silo", out _)) break;
                await Task.Delay(250, cancellation);
            }
            var (_, detail) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/jobs/live-details", null, http);
            Assert.True(detail.GetProperty("progress").GetProperty("live").GetBoolean());
            Assert.Equal("succeeded", first.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(first.GetProperty("silo").GetString()));
            Assert.True(first.GetProperty("milliseconds").GetDouble() > 0);
        }
        finally
        {
            await job.Cancel();
        }
    }
}
