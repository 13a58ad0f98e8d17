namespace Ensemble.Jobs.Studies;

/// <summary>A study as the service's tables hold it: one row, plus one row per point linking it to its job.</summary>
public sealed record StudyRecord(
    string StudyId,
    string SpecJson,
    StudyStatus Status,
    string? Message,
    IReadOnlyList<StudyPoint> Points,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? FitsJson);

/// <summary>
/// Where a study's grain writes its rows for plain SQL and for readers with no cluster (PostgreSQL); the grain's own
/// state is in grain storage either way, so the in-memory store writes nothing (<see cref="NoStudyTables"/>).
/// Saves are idempotent upserts: a study saved twice is one row, its points one row each.
/// </summary>
public interface IStudyStore
{
    Task SaveAsync(StudyRecord study, CancellationToken cancellation = default);
}

/// <summary>The in-memory cluster's store: nothing beyond grain state.</summary>
public sealed class NoStudyTables : IStudyStore
{
    public Task SaveAsync(StudyRecord study, CancellationToken cancellation = default) => Task.CompletedTask;
}

/// <summary>The read side of the study tables (<see cref="StudyReader"/> adds the point jobs' own tables).</summary>
public interface IStudyArchive
{
    Task<StudyRecord?> ReadStudyAsync(string studyId, CancellationToken cancellation = default);

    /// <summary>Every study's id, oldest first.</summary>
    Task<IReadOnlyList<string>> StudyIdsAsync(CancellationToken cancellation = default);
}
