using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Reading;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// A study's status and results straight from durable storage, with no cluster: the study's row and point rows, and
/// each point's job as <see cref="JobReader"/> reads it (as of its last checkpoint). The status is derived from the
/// points' jobs, so it is current even when no study grain was left to record the end; the fits are computed from the
/// jobs' saved accumulators, the same bits the grain fits.
/// </summary>
public sealed class StudyReader(IStudyArchive studies, JobReader jobs) : IAsyncDisposable
{
    /// <summary>Disposes the job reader, and with it whatever connections it owns.</summary>
    public ValueTask DisposeAsync() => jobs.DisposeAsync();

    public async Task<StudyRecord> StudyAsync(string studyId, CancellationToken cancellation = default) =>
        await studies.ReadStudyAsync(studyId, cancellation)
        ?? throw new JobRejectedException(ErrorKind.UnknownJob, "study", $"no study '{studyId}' in the database");

    public async Task<StudyStatusReport> StatusAsync(string studyId, CancellationToken cancellation = default) =>
        await StatusAsync(await StudyAsync(studyId, cancellation), cancellation);

    /// <summary>Every study's status, oldest first.</summary>
    public async Task<IReadOnlyList<StudyStatusReport>> ListAsync(CancellationToken cancellation = default)
    {
        var reports = new List<StudyStatusReport>();
        foreach (string id in await studies.StudyIdsAsync(cancellation)) reports.Add(await StatusAsync(id, cancellation));
        return reports;
    }

    public async Task<StudyResults> ResultsAsync(string studyId, CancellationToken cancellation = default)
    {
        var study = await StudyAsync(studyId, cancellation);
        var status = await StatusAsync(study, cancellation);
        var spec = StudySpecJson.Parse(study.SpecJson);
        var estimates = new List<StudyPointEstimates?>();
        foreach (var point in study.Points)
        {
            if (status.Points[point.Index] is null) { estimates.Add(null); continue; }
            var report = await jobs.EstimatesAsync(point.JobId, new EstimateQuery(), cancellation);
            estimates.Add(new StudyPointEstimates(point.Index, point.JobId, report.Status, report.Realisations, StudyEstimates.Needed(report.Rows, spec.Fits)));
        }
        return StudyAnalysis.Analyse(studyId, spec, study.Points, status, estimates);
    }

    private async Task<StudyStatusReport> StatusAsync(StudyRecord study, CancellationToken cancellation)
    {
        var points = new JobStatusReport?[study.Points.Count];
        foreach (var point in study.Points)
        {
            try
            {
                points[point.Index] = await jobs.StatusAsync(point.JobId, cancellation);
            }
            catch (EnsembleException e) when (e.Kind == ErrorKind.UnknownJob)
            {
                points[point.Index] = null; // not submitted yet when the study's rows were written
            }
        }
        var (status, message) = StudyStatusReport.Derive(points);
        return new StudyStatusReport
        {
            StudyId = study.StudyId, Status = status, Message = message, Points = points, CreatedAt = study.CreatedAt,
            FinishedAt = status == StudyStatus.Running ? null : study.FinishedAt ?? points.Max(p => p?.FinishedAt),
        };
    }
}
