using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Errors;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>A cluster refuses a job id outside the grammar from any client, not only from the command line.</summary>
public sealed class JobIdRefusalTests(OneSiloCluster cluster) : IClassFixture<OneSiloCluster>
{
    [Theory]
    [InlineData("../../x")]
    [InlineData("/abs")]
    [InlineData("..")]
    [InlineData("a\nb")]
    [InlineData("-x")]
    [InlineData("a/b")]
    public async Task TheCoordinatorRefusesABadJobIdAndRecordsNothing(string jobId)
    {
        var job = cluster.Grains.GetGrain<IJobGrain>(jobId);
        var e = await Assert.ThrowsAsync<JobRejectedException>(() => job.Submit(Jobs.Submission(JobExecutionTests.Small, 3)));
        Assert.Equal((ErrorKind.InvalidOption, "jobId"), (e.Kind, e.Field));
        Assert.Null(await job.GetDefinition());
    }

    [Fact]
    public async Task TheCoordinatorRefusesAnIdOfMoreThan128Characters()
    {
        var job = cluster.Grains.GetGrain<IJobGrain>(new string('j', 129));
        var e = await Assert.ThrowsAsync<JobRejectedException>(() => job.Submit(Jobs.Submission(JobExecutionTests.Small, 3)));
        Assert.Contains("128 characters", e.Reason);
    }
}
