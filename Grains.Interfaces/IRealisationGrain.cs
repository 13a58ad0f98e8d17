namespace Ensemble.Grains.Interfaces;

/// <summary>
/// One attempt at one realisation of one job (key: "jobId/index/attempt"). Short-lived: it computes, reports and
/// deactivates, so a job never holds R activations.
/// </summary>
[Alias("Ensemble.IRealisationGrain")]
public interface IRealisationGrain : IGrainWithStringKey
{
    [Alias("Run")]
    Task<RealisationReport> Run(RealisationAssignment assignment);
}
