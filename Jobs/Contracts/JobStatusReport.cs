namespace Ensemble.Jobs.Contracts;

/// <summary>A job's progress as a user sees it: counts, throughput and time left.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.JobStatusReport")]
public sealed record JobStatusReport
{
    [Id(0)] public required string JobId { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public JobStatus Status { get; init; }
    [Id(3)] public int Total { get; init; }

    /// <summary>Realisations folded into the estimates.</summary>
    [Id(4)] public int Succeeded { get; init; }

    /// <summary>Realisations that failed numerically (recorded with their reason, excluded from estimates).</summary>
    [Id(5)] public int Failed { get; init; }

    /// <summary>
    /// Realisations launched and not yet folded in: running, or computed and held in a silo's partial sums until they are
    /// collected (<see cref="AwaitingCollection"/> of them), so it can exceed the in-flight window.
    /// </summary>
    [Id(6)] public int InFlight { get; init; }

    /// <summary>Attempts beyond the first, over all realisations (infrastructure faults and timeouts).</summary>
    [Id(7)] public long Retries { get; init; }

    [Id(8)] public DateTimeOffset? StartedAt { get; init; }
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Realisations finished per second since the start.</summary>
    [Id(10)] public double Throughput { get; init; }

    [Id(11)] public TimeSpan? EstimatedRemaining { get; init; }

    /// <summary>Why the job failed or was cancelled, if it did.</summary>
    [Id(12)] public string? Message { get; init; }

    /// <summary>The silo whose coordinator answered (null when read from the database).</summary>
    [Id(13)] public string? Coordinator { get; init; }

    /// <summary>When the job's last checkpoint reached the database (null when not known, e.g. a coordinator without PostgreSQL).</summary>
    [Id(14)] public DateTimeOffset? LastCheckpointAt { get; init; }

    /// <summary>Steps done so far by the realisations in flight (a long realisation's progress inside itself).</summary>
    [Id(15)] public long InFlightStepsDone { get; init; }

    /// <summary>Steps of one realisation (0 when not known).</summary>
    [Id(16)] public long StepsPerRealisation { get; init; }

    /// <summary>Realisations given up on after their last attempt (infrastructure faults, not numerical failures).</summary>
    [Id(17)] public int Abandoned { get; init; }

    /// <summary>R', when the job's stop rule met its target at the prefix of seeds 0 .. R' - 1 (the estimates fold exactly those).</summary>
    [Id(18)] public int? StoppedAt { get; init; }

    /// <summary>Of <see cref="InFlight"/>, those computed and held in silos' partial sums, waiting to be collected (0 from the database).</summary>
    [Id(19)] public int AwaitingCollection { get; init; }

    public int Done => Succeeded + Failed;

    /// <summary>Realisations done, counting the steps taken by those in flight as fractions of a realisation.</summary>
    public double FractionDone => StepsPerRealisation > 0 ? Done + Math.Min(InFlight, (double)InFlightStepsDone / StepsPerRealisation) : Done;

    /// <summary>A terminal status and nothing left in flight (a cancelled job first drains its window).</summary>
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled && InFlight == 0;
}
