using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Service.Limits;

/// <summary>
/// Limits through a real two-silo cluster: the coordinator solves the limit before it dispatches
/// anything; a limit that cannot be solved fails the job with the solver's reason and nothing
/// dispatched; a solved one is served, the same tables however often it is asked; a spec without
/// one has none.
/// </summary>
public sealed class LimitJobTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public async Task AJobWhoseLimitCannotBeSolvedFailsWithTheReasonAndDispatchesNothing()
    {
        var spec = LimitSamples.Unsolvable();
        var status = await Jobs.RunToEnd(cluster.Grains, "limit-unsolvable", Jobs.Submission(spec, 5));
        Assert.Equal(JobStatus.Failed, status.Status);
        Assert.StartsWith("limit: ", status.Message, StringComparison.Ordinal);
        // Once the solver is in, the failure is its own, named one (model A's (1) losing parabolicity).
        Assert.StartsWith("limit: the local equation cannot be solved: ", status.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0L), (status.Done, status.InFlight, status.Abandoned, status.Retries));

        var job = cluster.Grains.GetGrain<IJobGrain>("limit-unsolvable");
        Assert.All(await job.GetRealisations(0, 5), r => Assert.Equal(RealisationState.Pending, r.State));
        Assert.Equal(0, (await job.GetEstimates(new EstimateQuery())).Realisations);
        var limit = await job.GetLimit();
        Assert.False(limit.HasLimit);
        Assert.Empty(limit.Moments);
        Assert.Equal(status.Message, limit.Failure);
    }

    [Fact]
    public async Task ASpecWithoutALimitHasNoLimitAndRunsAsBefore()
    {
        var spec = LimitSamples.Solvable() with { Limit = null };
        var status = await Jobs.RunToEnd(cluster.Grains, "limit-none", Jobs.Submission(spec, 20));
        Assert.Equal(JobStatus.Completed, status.Status);
        var job = cluster.Grains.GetGrain<IJobGrain>("limit-none");
        var limit = await job.GetLimit();
        Assert.False(limit.HasLimit);
        Assert.Null(limit.Failure);
        Jobs.AssertBitIdentical(Jobs.PlainLoop(spec, 20, 7).Estimates(), (await job.GetEstimates(new EstimateQuery())).Rows);
    }

    [Fact]
    public async Task ASolvedLimitIsServedWithEveryRowAndSolvedOncePerSilo()
    {
        var spec = LimitSamples.Solvable();
        var status = await Jobs.RunToEnd(cluster.Grains, "limit-solved", Jobs.Submission(spec, 4));
        Assert.Equal(JobStatus.Completed, status.Status);
        var job = cluster.Grains.GetGrain<IJobGrain>("limit-solved");
        var first = await job.GetLimit();
        Assert.Null(first.Failure);
        var expected = LimitTables.Of(LimitSet.Solve(spec), LimitTables.SpeciesLabels(spec));
        Assert.Equal(expected.Moments, first.Moments);
        Assert.Equal(expected.Densities.Select(d => d.Values), first.Densities.Select(d => d.Values));
        // Every equation x species x time has its 5 moments in d = 1 (mass, mean, covariance, central moments 3 and 4).
        Assert.Equal(2 * 2 * 3 * 5, first.Moments.Length);
        Assert.All(first.Moments.Where(m => m.Observable == "mass"), m => Assert.Equal(1.0, m.Value, 10));
        // Asked again, the coordinator's silo answers from the solve it cached (its wall time is that solve's), not a new one.
        var again = await job.GetLimit();
        Assert.Equal(first.Diagnostics.Select(d => d.ElapsedSeconds), again.Diagnostics.Select(d => d.ElapsedSeconds));
    }
}
