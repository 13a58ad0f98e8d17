using Ensemble.Jobs.Contracts;
using Ensemble.Tests.Support;
using Ensemble.Tests.Support.Postgres;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// Silo processes on a real PostgreSQL, with partial sums collected rarely: a silo that is not the coordinator's is killed
/// while it holds realisations whose sums it has not sent. The coordinator finds the partial gone, computes those seeds
/// again on the survivor, and the job ends with every seed once and the estimates of a plain loop to the bit.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class PartialSumsRecoveryTests(PostgresFixture postgres)
{
    // Above the job's 600 seeds: all are launched at once, and held seeds are collected only at the end or at a quarter
    // of the window (500), long after the victim dies (see below).
    private const int Window = 2000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ASiloKilledWithUnsentPartialsLosesNothingAndCountsNothingTwice()
    {
        await using var db = await PostgresDatabase.CreateAsync(postgres, "partials");
        // Collected only as held seeds fill a quarter of the window (500) or at the end, never on a timer or by count: killed
        // after computing 20 (some 40 computed in all, however loaded the machine), the victim dies with its partial unsent.
        var rarely = new Dictionary<string, string>
        {
            ["Ensemble__Partials__FlushInterval"] = "01:00:00",
            ["Ensemble__Partials__FlushRealisations"] = "100000",
            // A call sent to the victim before it is declared dead can be dropped unanswered (Orleans waits for its response
            // timeout): these bound how long such a collect or attempt holds the job up.
            ["Ensemble__Partials__CollectTimeout"] = "00:00:10",
            ["Ensemble__Dispatch__RealisationTimeout"] = "00:01:00",
        };
        var silos = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SiloProcess.StartAsync(db.ConnectionString, rarely)));
        try
        {
            string coordinator = await PostgresCluster.SubmitAsync(db.ConnectionString, "partials",
                Service.Jobs.Submission(ClusterRecoveryTests.Spec, ClusterRecoveryTests.Realisations, seed: 11, maxInFlight: Window));
            var host = PostgresCluster.HostOf(coordinator, silos);
            var victim = silos.Single(s => s != host);
            var deadline = DateTime.UtcNow + Patience;
            while (victim.ComputedRealisations("partials").Count < 20)
            {
                Assert.True(DateTime.UtcNow < deadline, "the second silo computed no realisations");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
            await victim.KillAsync();
            var computedByVictim = victim.ComputedRealisations("partials").ToHashSet();

            JobStatusReport final;
            try
            {
                final = await PostgresCluster.WaitInDatabaseAsync(db.ConnectionString, "partials", s => s.IsFinished, Patience);
            }
            finally
            {
                foreach (string line in host.Output.Where(l => !l.StartsWith("realisation-computed", StringComparison.Ordinal)).TakeLast(60))
                    TestContext.Current.TestOutputHelper?.WriteLine(line);
            }
            Assert.Equal(JobStatus.Completed, final.Status);
            await ClusterRecoveryTests.AssertEverySeedOnceAndEstimatesExact(db, "partials", seed: 11);
            // A partial was lost with the victim, and its seeds were computed again on the survivor.
            Assert.Contains(host.Output, l => l.Contains("did not come", StringComparison.Ordinal));
            Assert.Contains(host.ComputedRealisations("partials"), computedByVictim.Contains);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
