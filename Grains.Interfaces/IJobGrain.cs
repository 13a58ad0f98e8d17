using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// The coordinator of one job (key: the job id). It validates and records the job, dispatches its
/// realisations with bounded concurrency, folds each result into the estimates exactly once and
/// answers queries while it runs.
/// </summary>
[Alias("Ensemble.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; idempotent for the same identity, <see cref="Ensemble.Jobs.Errors.JobRejectedException"/> otherwise.</summary>
    [Alias("Submit")]
    Task<JobStatusReport> Submit(JobSubmission submission);

    [Alias("GetStatus")]
    Task<JobStatusReport> GetStatus();

    [Alias("GetEstimates")]
    Task<EstimatesReport> GetEstimates(EstimateQuery query);

    /// <summary>Stops dispatching; in-flight realisations still fold in if they report; estimates are kept.</summary>
    [Alias("Cancel")]
    Task<JobStatusReport> Cancel();

    /// <summary>The job's identity, or null if no job was ever submitted under this id.</summary>
    [Alias("GetDefinition")]
    Task<JobDefinition?> GetDefinition();

    [Alias("GetRealisation")]
    Task<RealisationRecord> GetRealisation(uint index);

    /// <summary>Records of realisations [from, from + count), clipped to the job.</summary>
    [Alias("GetRealisations")]
    Task<RealisationRecord[]> GetRealisations(uint from, int count);

    /// <summary>
    /// The job's solved limit (moments, densities, diagnostics); empty for a spec without a limit
    /// section, and for a job whose limit could not be solved (its <see cref="LimitReport.Failure"/> says why).
    /// </summary>
    [Alias("GetLimit")]
    Task<LimitReport> GetLimit();

    /// <summary>
    /// One estimate over prefixes of seeds (the stop rule's, or the first species' mean x at the last
    /// output time) at R = 8, 16, 32, ... and at the end: the data of the "se vs R" plot.
    /// </summary>
    [Alias("GetPrefixHistory")]
    Task<PrefixHistory?> GetPrefixHistory();

    /// <summary>
    /// Does nothing but make sure the coordinator is active: an unfinished job resumes from its last
    /// checkpoint on activation. Called when a silo is declared dead, so its jobs come back at once.
    /// </summary>
    [Alias("Resume")]
    Task Resume();
}
