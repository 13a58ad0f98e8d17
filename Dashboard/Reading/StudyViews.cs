using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Studies;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// The questions about a study, answered by its grain or by the database (no cluster needed). Here rather than in the
/// command line so the CLI's study commands and the dashboard read a study the same way (the CLI references the dashboard).
/// </summary>
public interface IStudyView
{
    /// <summary>True when the study grain answers; false when the tables do (as of each point's last checkpoint).</summary>
    bool Live { get; }

    Task<StudyStatusReport> GetStatus();
    Task<StudyResults> GetResults();

    /// <summary>The study spec as submitted.</summary>
    Task<string> GetSpecText();
}

/// <summary>Answers from the live study grain (the fits computed here from its points' estimates, as the grain does).</summary>
public sealed class GrainStudyView(IStudyGrain grain) : IStudyView
{
    public bool Live => true;

    public Task<StudyStatusReport> GetStatus() => grain.GetStatus();

    public async Task<string> GetSpecText() => await grain.GetSpec()
        ?? throw new JobRejectedException(ErrorKind.UnknownJob, "study", $"no study '{grain.GetPrimaryKeyString()}' has been submitted");

    public async Task<StudyResults> GetResults()
    {
        string studyId = grain.GetPrimaryKeyString();
        string spec = await GetSpecText();
        var parsed = StudySpecJson.Parse(spec);
        var status = await grain.GetStatus();
        return StudyAnalysis.Analyse(studyId, parsed, StudyGrid.Expand(studyId, parsed), status, await grain.GetEstimates());
    }
}

/// <summary>Answers from the service's tables, as of each point's last checkpoint.</summary>
public sealed class DatabaseStudyView(StudyReader reader, string studyId) : IStudyView
{
    public bool Live => false;

    public Task<StudyStatusReport> GetStatus() => reader.StatusAsync(studyId);

    public Task<StudyResults> GetResults() => reader.ResultsAsync(studyId);

    public async Task<string> GetSpecText() => (await reader.StudyAsync(studyId, CancellationToken.None)).SpecJson;
}
