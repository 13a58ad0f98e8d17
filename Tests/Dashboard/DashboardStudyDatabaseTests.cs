using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Studies;
using Ensemble.Tests.Studies;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>With PostgreSQL the dashboard reads a finished study from the study and job tables, so it shows after its silo is gone.</summary>
public sealed class DashboardStudyDatabaseTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AFinishedStudyShowsFromTheDatabaseAfterItsSiloIsGone()
    {
        var cancellation = TestContext.Current.CancellationToken;
        string database = await postgres.CreateDatabaseAsync("dashboard_study");
        StudyResults ran;
        await using (var first = await EmbeddedCluster.StartAsync(workers: 2, database, cancellation))
        {
            var grain = first.Client.GetGrain<IStudyGrain>("saved");
            await grain.Submit(StudySpecs.Tiny("saved").ToJsonString());
            await using var reader = StudyTables.OpenReader(database);
            // Finished once every point's final checkpoint is in the tables (the coordinators say so a moment before).
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!(await grain.GetStatus()).IsFinished || !(await reader.StatusAsync("saved", cancellation)).IsFinished)
            {
                Assert.True(DateTime.UtcNow < deadline, "the study did not finish in the database");
                await Task.Delay(100, cancellation);
            }
            ran = await reader.ResultsAsync("saved", cancellation);
        }
        Assert.Equal(StudyStatus.Completed, ran.Status);

        // Another silo on the same database: it never ran the study, and its dashboard reads the saved tables.
        await using var second = await EmbeddedCluster.StartAsync(workers: 2, database, cancellation);
        await using var dashboard = await DashboardServer.StartAsync(second.Client,
            new DashboardOptions { Urls = "http://127.0.0.1:0", Postgres = database }, cancellation: cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.Url) };

        var (status, detail) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/studies/saved", null, http);
        Assert.Equal(200, status);
        var study = detail.GetProperty("study");
        Assert.False(study.GetProperty("progress").GetProperty("live").GetBoolean());
        Assert.Equal("completed", study.GetProperty("progress").GetProperty("status").GetString());
        Assert.All(study.GetProperty("points").EnumerateArray(), p => Assert.Equal("completed", p.GetProperty("status").GetString()));
        var slopes = study.GetProperty("fits").EnumerateArray().Select(f => f.GetProperty("rates")[0].GetProperty("slope").GetDouble());
        Assert.Equal(ran.Fits.Select(f => f.Rates[0].Fit.Slope), slopes);

        var (_, list) = await DashboardRig.SendAsync(HttpMethod.Get, "/api/studies?status=completed", null, http);
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("saved", listed.GetProperty("id").GetString());
        Assert.Equal(3, listed.GetProperty("pointsFinished").GetInt32());

        var updates = await DashboardEventsTests.ReadEventsAsync(http, "/api/studies/saved/events", TimeSpan.FromSeconds(10));
        Assert.True(Assert.Single(updates).Body.GetProperty("progress").GetProperty("finished").GetBoolean());
    }
}
