using Ensemble.Grains.Interfaces;

namespace Ensemble.Grains.Jobs;

/// <summary>Builds a <see cref="JobStatusReport"/> (throughput and time left from the counts), for the coordinator and for the database path alike.</summary>
public static class JobProgress
{
    public static JobStatusReport Report(JobDefinition definition, JobStatus status, int succeeded, int failed, int abandoned,
        int inFlight, long retries, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, string? message)
    {
        var end = finishedAt ?? DateTimeOffset.UtcNow;
        double seconds = startedAt is { } start ? (end - start).TotalSeconds : 0;
        int done = succeeded + failed;
        double throughput = seconds > 0 ? done / seconds : 0;
        int remaining = definition.Realisations - done - abandoned;
        return new JobStatusReport
        {
            JobId = definition.JobId,
            Name = definition.Name,
            Status = status,
            Total = definition.Realisations,
            Succeeded = succeeded,
            Failed = failed,
            InFlight = inFlight,
            Retries = retries,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Throughput = throughput,
            EstimatedRemaining = throughput > 0 && status == JobStatus.Running ? TimeSpan.FromSeconds(remaining / throughput) : null,
            Message = message,
        };
    }
}
