using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Studies;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// Where the dashboard reads a study, as <see cref="JobSources"/> reads a job: with a database, a study whose points have all
/// finished there is read from its tables (so it shows after its silo is gone); any other is asked of its study grain, and the
/// saved rows answer when the grain does not. Without a database: the grain. The list comes from the database's study rows, or
/// without one from the cluster's study registry (<see cref="IJobRegistryGrain.StudiesKey"/>, where the study grain registers
/// itself on submission), so it never has to guess studies from their points' job ids.
/// </summary>
public sealed class StudySources(IGrainFactory grains, string? postgres) : IAsyncDisposable
{
    private static readonly TimeSpan GrainPatience = TimeSpan.FromSeconds(5);

    private readonly StudyReader? _database = postgres is null ? null : StudyTables.OpenReader(postgres);

    /// <summary>The view of one study; <see cref="JobRejectedException"/> (unknown job) when neither the grain nor the database knows it.</summary>
    public async Task<IStudyView> OpenAsync(string studyId, CancellationToken cancellation)
    {
        JobId.Checked(studyId, "id");
        bool saved = false;
        if (_database is not null)
        {
            try
            {
                var status = await _database.StatusAsync(studyId, cancellation);
                if (status.IsFinished) return new DatabaseStudyView(_database, studyId);
                saved = true;
            }
            catch (EnsembleException e) when (e.Kind == ErrorKind.UnknownJob)
            {
                // Not saved (yet): the grain may still know it.
            }
        }
        var grain = grains.GetGrain<IStudyGrain>(studyId);
        try
        {
            if (await grain.GetSpec().WaitAsync(GrainPatience, cancellation) is null) throw Unknown(studyId);
            return new GrainStudyView(grain);
        }
        catch (Exception e) when (saved && e is not OperationCanceledException)
        {
            return new DatabaseStudyView(_database!, studyId);
        }
    }

    /// <summary>Every study known, with its status now (a running one from its grain when it answers).</summary>
    public async Task<IReadOnlyList<(StudyStatusReport Status, bool Live)>> ListAsync(CancellationToken cancellation)
    {
        var studies = new List<(StudyStatusReport, bool)>();
        if (_database is not null)
        {
            foreach (var saved in await _database.ListAsync(cancellation))
                studies.Add(saved.IsFinished ? (saved, false) : await LiveOr(saved, cancellation));
            return studies;
        }
        foreach (var listing in await grains.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.StudiesKey).List())
        {
            try
            {
                studies.Add((await grains.GetGrain<IStudyGrain>(listing.JobId).GetStatus().WaitAsync(GrainPatience, cancellation), true));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A study grain that cannot answer now (a silo hand-over) must not hide the others; it is listed again next time.
            }
        }
        return studies;
    }

    public ValueTask DisposeAsync() => _database?.DisposeAsync() ?? ValueTask.CompletedTask;

    public static JobRejectedException Unknown(string studyId) =>
        new(ErrorKind.UnknownJob, "study", $"no study '{studyId}' has been submitted");

    private async Task<(StudyStatusReport, bool)> LiveOr(StudyStatusReport saved, CancellationToken cancellation)
    {
        try
        {
            return (await grains.GetGrain<IStudyGrain>(saved.StudyId).GetStatus().WaitAsync(GrainPatience, cancellation), true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (saved, false);
        }
    }
}
