using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Studies;

[GenerateSerializer, Alias("Ensemble.StudyStatus")]
public enum StudyStatus
{
    /// <summary>Some point's job has not finished (or not been submitted yet).</summary>
    Running,

    /// <summary>Every point's job completed.</summary>
    Completed,

    /// <summary>Every point's job finished and some did not complete (failed or cancelled); the others' fits stand.</summary>
    Failed,
}

/// <summary>
/// A study's progress: its points' jobs' status reports, in point order (null for a point whose job is not known yet),
/// and the study's status derived from them.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ensemble.StudyStatusReport")]
public sealed record StudyStatusReport
{
    [Id(0)] public required string StudyId { get; init; }
    [Id(1)] public StudyStatus Status { get; init; }
    [Id(2)] public string? Message { get; init; }
    [Id(3)] public required JobStatusReport?[] Points { get; init; }
    [Id(4)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The silo whose study grain answered (null when read from the database).</summary>
    [Id(6)] public string? Host { get; init; }

    public bool IsFinished => Status != StudyStatus.Running;
    public int Total => Points.Sum(p => p?.Total ?? 0);
    public int Done => Points.Sum(p => p?.Done ?? 0);
    public int Failed => Points.Sum(p => p?.Failed ?? 0);
    public double FractionDone => Points.Sum(p => p?.FractionDone ?? 0);
    public double Throughput => Points.Sum(p => p is { IsFinished: false } ? p.Throughput : 0);
    public int PointsFinished => Points.Count(p => p is { IsFinished: true });

    /// <summary>The status a set of point reports adds up to, and why a finished study failed.</summary>
    public static (StudyStatus Status, string? Message) Derive(IReadOnlyList<JobStatusReport?> points)
    {
        if (points.Any(p => p is not { IsFinished: true })) return (StudyStatus.Running, null);
        var bad = points.Select((p, i) => (Report: p!, Index: i)).Where(p => p.Report.Status != JobStatus.Completed).ToArray();
        if (bad.Length == 0) return (StudyStatus.Completed, null);
        var first = bad[0];
        return (StudyStatus.Failed, $"{bad.Length} of {points.Count} points did not complete; point {first.Index} ({first.Report.JobId}) "
            + $"{first.Report.Status.ToString().ToLowerInvariant()}{(first.Report.Message is { } m ? $": {m}" : "")}");
    }
}

/// <summary>A point's estimates that the study fits (and their floors), as its job reports them.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.StudyPointEstimates")]
public sealed record StudyPointEstimates(
    [property: Id(0)] int Index,
    [property: Id(1)] string JobId,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] long Realisations,
    [property: Id(4)] Simulation.Statistics.EstimateRow[] Rows);
