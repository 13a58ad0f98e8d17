using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Estimates;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Rerun;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Service;

public sealed class RerunTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public async Task RerunFromTheJobDefinitionReproducesTheRecordedChecksum()
    {
        await Jobs.RunToEnd(cluster.Grains, "rerun", Jobs.Submission(JobExecutionTests.Small, 40, seed: 21));
        var job = cluster.Grains.GetGrain<IJobGrain>("rerun");
        var definition = (await job.GetDefinition())!;
        foreach (uint index in new uint[] { 0, 17, 39 })
        {
            var record = await job.GetRealisation(index);
            var writer = new StringWriter();
            var verdict = RealisationRerun.Run(definition, index, record,
                new RunOptions { Trajectory = TrajectoryRecording.OutputTimes, TrajectoryWriter = writer });
            Assert.True(verdict.Reproduced, verdict.Explanation);
            Assert.Equal(record.Checksum, verdict.Result.Checksum);
            Assert.StartsWith("step,time,species,particle,x,y", writer.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RerunWithATamperedSpecIsNotReproduced()
    {
        await Jobs.RunToEnd(cluster.Grains, "rerun-tampered", Jobs.Submission(JobExecutionTests.Small, 10, seed: 22));
        var job = cluster.Grains.GetGrain<IJobGrain>("rerun-tampered");
        var definition = (await job.GetDefinition())!;
        var tampered = definition with
        {
            SpecJson = SpecJson.Serialize(JobExecutionTests.Small with
            {
                Model = (PairwiseModelSpec)JobExecutionTests.Small.Model with { Eta = 0.41 },
            }),
        };
        var verdict = RealisationRerun.Run(tampered, 3, await job.GetRealisation(3));
        Assert.False(verdict.Reproduced);
        Assert.Contains("NOT reproduced", verdict.Explanation);
        Assert.Contains(StateChecksum.Format((await job.GetRealisation(3)).Checksum), verdict.Explanation);
    }
}
