using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Ledger;

/// <summary>Builds a <see cref="JobStatusReport"/> (throughput and time left from the counts), for the coordinator and for the database path alike.</summary>
public static class JobProgress
{
    /// <param name="awaitingCollection">Of <paramref name="inFlight"/>, those held in silos' partial sums (the coordinator's ledger knows).</param>
    public static JobStatusReport Report(JobDefinition definition, JobSummary summary, JobCounts counts, int inFlight, DateTimeOffset now,
        int? stoppedAt = null, int awaitingCollection = 0)
    {
        var end = summary.FinishedAt ?? now;
        double seconds = summary.StartedAt is { } start ? (end - start).TotalSeconds : 0;
        int done = counts.Succeeded + counts.Failed;
        double throughput = seconds > 0 ? done / seconds : 0;
        int remaining = definition.Realisations - done - counts.Abandoned;
        return new JobStatusReport
        {
            JobId = definition.JobId,
            Name = definition.Name,
            Status = summary.Status,
            Total = definition.Realisations,
            Succeeded = counts.Succeeded,
            Failed = counts.Failed,
            InFlight = inFlight,
            AwaitingCollection = awaitingCollection,
            Retries = counts.Retries,
            Abandoned = counts.Abandoned,
            StartedAt = summary.StartedAt,
            FinishedAt = summary.FinishedAt,
            Throughput = throughput,
            EstimatedRemaining = throughput > 0 && summary.Status == JobStatus.Running ? TimeSpan.FromSeconds(remaining / throughput) : null,
            Message = summary.Message,
            StoppedAt = stoppedAt,
        };
    }
}
