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
    /// Submits a job and polls until it has finished; wall seconds from submit to finish. The window is a user's default
    /// (64, fixed) unless given; <paramref name="adaptive"/> lets it grow (<c>InFlightWindow</c>).
    /// </summary>
    public static async Task<double> TimeAsync(EmbeddedCluster cluster, SimulationSpec spec, int realisations, string jobId,
        int maxInFlight = JobSubmission.DefaultMaxInFlight, bool adaptive = false)
    {
        var job = cluster.Client.GetGrain<IJobGrain>(jobId);
        var clock = Stopwatch.StartNew();
        await job.Submit(new JobSubmission { SpecJson = SpecJson.Serialize(spec), Realisations = realisations, MasterSeed = 1,
            MaxInFlight = maxInFlight, AdaptiveWindow = adaptive });
        while (!(await job.GetStatus()).IsFinished) await Task.Delay(20);
        return clock.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);
}
