using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Storage.Jobs;
using Ensemble.Tests.Support;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>Silo processes on one database, a client that finds them through it, and waits that read only the database.</summary>
public static class PostgresCluster
{
    public static async Task<SiloProcess[]> StartSilosAsync(string connectionString, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SiloProcess.StartAsync(connectionString, new Dictionary<string, string>())));

    /// <summary>Submits through a client that found the gateways in the membership table; returns the coordinator's silo.</summary>
    public static async Task<string> SubmitAsync(string connectionString, string jobId, JobSubmission submission)
    {
        await using var client = await Client.ConnectAsync(connectionString);
        var job = client.Client.GetGrain<IJobGrain>(jobId);
        var status = await job.Submit(submission);
        return status.Coordinator!;
    }

    /// <summary>Waits, reading only the database (nobody calls the coordinator), until at least <paramref name="done"/> are saved.</summary>
    public static async Task<JobStatusReport> WaitInDatabaseAsync(string connectionString, string jobId, Func<JobStatusReport, bool> until, TimeSpan timeout)
    {
        await using var reader = PostgresJobArchive.OpenReader(connectionString);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await reader.StatusAsync(jobId, TestContext.Current.CancellationToken);
            if (until(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not get there in {timeout}: {status.Status}, {status.Done}/{status.Total} saved");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static SiloProcess HostOf(string siloAddress, params SiloProcess[] silos) =>
        silos.Single(s => siloAddress.Contains($":{s.SiloPort}@", StringComparison.Ordinal)
            || siloAddress.Contains($":{s.SiloPort}:", StringComparison.Ordinal));

    private sealed class Client(IHost host) : EmbeddedHost.Session(host, TimeSpan.FromSeconds(5))
    {
        public static async Task<Client> ConnectAsync(string connectionString)
        {
            var builder = EmbeddedHost.CreateBuilder();
            builder.UseOrleansClient(client => client.UseEnsemblePostgresClustering(connectionString));
            var host = builder.Build();
            await host.StartAsync(TestContext.Current.CancellationToken);
            return new Client(host);
        }
    }
}
