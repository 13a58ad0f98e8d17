using System.Diagnostics;
using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>What the service benchmarks share: one job timed end to end on an embedded silo, and medians.</summary>
public static class EmbeddedJobs
{
    /// <summary>
    /// Submits a job and polls until it has finished; wall seconds from submit to finish. Without
    /// <paramref name="maxInFlight"/> the job has the default window (from 64, adaptive), as a user who names none.
    /// </summary>
    public static async Task<double> TimeAsync(EmbeddedCluster cluster, SimulationSpec spec, int realisations, string jobId, int? maxInFlight = null)
    {
        var job = cluster.Client.GetGrain<IJobGrain>(jobId);
        var clock = Stopwatch.StartNew();
        await job.Submit(new JobSubmission { SpecJson = SpecJson.Serialize(spec), Realisations = realisations, MasterSeed = 1,
            MaxInFlight = maxInFlight ?? JobSubmission.DefaultMaxInFlight, AdaptiveWindow = maxInFlight is null });
        while (!(await job.GetStatus()).IsFinished) await Task.Delay(20);
        return clock.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);
}
