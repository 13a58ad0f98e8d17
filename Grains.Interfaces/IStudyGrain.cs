using Ensemble.Jobs.Studies;

namespace Ensemble.Grains.Interfaces;

/// <summary>
/// A convergence study (key: the study id): it records the study spec, submits one ordinary job per grid point (ids
/// <c>&lt;study&gt;.p&lt;k&gt;</c>), follows them, and when all have finished records the study's status and fits. Its
/// state is persisted, so it answers after its client is gone and resumes after its silo is.
/// </summary>
[Alias("Ensemble.IStudyGrain")]
public interface IStudyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the study, or resumes it: idempotent for the same spec (a finished point's job is read, never resubmitted;
    /// a running one is followed), refused as a conflict for another spec under the same id.
    /// </summary>
    [Alias("Submit")]
    Task<StudyStatusReport> Submit(string studySpecJson);

    [Alias("GetStatus")]
    Task<StudyStatusReport> GetStatus();

    /// <summary>The study spec's canonical text, or null if no study was ever submitted under this id.</summary>
    [Alias("GetSpec")]
    Task<string?> GetSpec();

    /// <summary>Each point's fitted estimates (and their floors) as its job reports them now, in point order (null: not submitted).</summary>
    [Alias("GetEstimates")]
    Task<StudyPointEstimates?[]> GetEstimates();
}
