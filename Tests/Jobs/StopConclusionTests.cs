using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// How a job with a stop rule concludes when a seed was abandoned: below R' the result misses it (failed, as any job);
/// at or beyond R' it is not part of the result, so the job that stopped early has completed.
/// </summary>
public sealed class StopConclusionTests
{
    private const string StoppingSpec = """
        {"model":{"type":"pressure","dimension":1,"exponent":2,"sigma":0.1,"eps":0.1,
          "species":[{"name":"a","particles":1,"weight":1,"mobility":1,"initial":{"type":"gaussian","mean":[0],"covariance":[[1]]}}]},
         "time":{"dt":0.1,"horizon":0.1},
         "stop":{"observable":"mean","species":"a","time":0.1,"component":"x","targetSe":1e9,"minRealisations":4}}
        """;

    [Theory]
    [InlineData(9u, JobStatus.Completed)]
    [InlineData(2u, JobStatus.Failed)]
    public void AnAbandonedSeedFailsAStoppedJobOnlyBelowRPrime(uint abandoned, JobStatus expected)
    {
        var spec = SpecJson.Parse(StoppingSpec);
        var books = JobBooks.New(10);
        var ledger = new JobLedger(books, new EnsembleAccumulator(spec), prefix: PrefixTracker.Restore(spec, 10, saved: null, books));
        var observables = new double[new EnsembleAccumulator(spec).Width];
        ledger.Abandon(abandoned, "gave up");
        // Every value 0: the se is 0, within the target as soon as the minimum of 4 seeds is folded (one fewer if one is abandoned).
        for (uint i = 0; i < 6 && ledger.Prefix!.StoppedAt is null; i++)
        {
            if (i == abandoned) continue;
            ledger.BeginAttempt(i);
            ledger.Record(new RealisationReport(i, true, i, observables, null, "silo", 1.0));
        }
        Assert.NotNull(ledger.Prefix!.StoppedAt);
        var state = new JobState { Status = JobStatus.Running };
        state.Conclude(ledger, DateTimeOffset.UnixEpoch);
        Assert.Equal(expected, state.Status);
        Assert.Equal(1, ledger.Abandoned);
        if (expected == JobStatus.Completed) Assert.StartsWith("stopped early: target met at R' = 4", state.Message);
        else Assert.StartsWith("1 realisation(s) could not be computed", state.Message);
    }
}
