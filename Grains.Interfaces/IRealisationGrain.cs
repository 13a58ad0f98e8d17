using Ensemble.Jobs.Contracts;
using Orleans.Concurrency;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// One attempt at one realisation of one job (key: "jobId/index/attempt"). Short-lived: it computes, reports and
/// deactivates, so a job never holds R activations.
/// </summary>
[Alias("Ensemble.IRealisationGrain")]
public interface IRealisationGrain : IGrainWithStringKey
{
    /// <summary>Computes the realisation; cancelling the call (e.g. on the job's timeout) stops it between steps.</summary>
    [Alias("Run")]
    Task<RealisationReport> Run(RealisationAssignment assignment, CancellationToken cancellation = default);

    /// <summary>Steps done so far by the running <see cref="Run"/>; answered between its steps, never queued behind it.</summary>
    [Alias("Progress"), AlwaysInterleave]
    Task<RealisationProgress> Progress();
}
