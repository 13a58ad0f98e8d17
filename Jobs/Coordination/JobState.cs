using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Ledger;

namespace Ensemble.Jobs.Coordination;

/// <summary>
/// What a job coordinator keeps in its persistent (grain) state: its identity, how it is
/// dispatched and where it stands. The per-realisation books travel with it only where the
/// <see cref="Checkpoints.IJobBookStore"/> keeps them there (the in-memory default); with PostgreSQL
/// they live in the service's tables, written a batch at a time.
/// </summary>
[GenerateSerializer, Alias("Ensemble.JobState")]
public sealed class JobState
{
    [Id(0)] public JobDefinition? Definition { get; set; }
    /// <summary>How the job is dispatched (the identity, spec included, is in <see cref="Definition"/> only).</summary>
    [Id(1)] public DispatchSettings? Dispatch { get; set; }
    [Id(2)] public JobStatus Status { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(5)] public string? Message { get; set; }
    [Id(6)] public JobBooks? Books { get; set; }

    /// <summary>Why the spec's limit could not be solved, when that failed the job (then no realisation was dispatched).</summary>
    [Id(7)] public string? LimitFailure { get; set; }

    /// <summary>The fields whose change must reach grain state even when the books live elsewhere.</summary>
    public JobSummary Summarise() => new(Status, Message, StartedAt, FinishedAt);

    /// <summary>A queued job starts running (a resumed one keeps its start time).</summary>
    public void Begin(DateTimeOffset now)
    {
        if (Status != JobStatus.Queued) return;
        Status = JobStatus.Running;
        StartedAt = now;
    }

    public void Cancel()
    {
        Status = JobStatus.Cancelled;
        Message = "cancelled on request; realisations already dispatched are still folded in";
    }

    /// <summary>Dispatch ended: completed, cancelled, or failed because some realisations could not be computed.</summary>
    public void Conclude(JobLedger ledger, DateTimeOffset now)
    {
        FinishedAt = now;
        if (Status is JobStatus.Cancelled or JobStatus.Failed) return; // cancelled on request, or failed already (storage refused it)
        if (ledger.Prefix is { } prefix)
        {
            prefix.Finish();
            if (Status == JobStatus.Running) Message = StopOutcome(prefix);
        }
        // After a stop at R' only seeds below R' are part of the result; one abandoned beyond it (before the stop) is not missing from it.
        int abandoned = ledger.Prefix?.StoppedAt is { } stoppedAt ? ledger.AbandonedBelow(stoppedAt) : ledger.Abandoned;
        if (abandoned > 0)
        {
            Status = JobStatus.Failed;
            Message = $"{abandoned} realisation(s) could not be computed (see their records); estimates cover the others";
            return;
        }
        Status = JobStatus.Completed;
    }

    /// <summary>What a stop rule came to: met at R', or not met by R (then the job ran to R); null without a rule.</summary>
    private static string? StopOutcome(PrefixTracker prefix)
    {
        if (prefix.Target.Rule is not { } rule) return null;
        var at = prefix.Current;
        string target = rule.TargetSe is { } se ? $"se <= {Show(se)}" : $"se / |mean| <= {Show(rule.RelativeSe!.Value)}";
        string what = $"{prefix.Target.Observable} {prefix.Target.Species} t={Show(prefix.Target.Time)} {prefix.Target.Component}";
        return prefix.StoppedAt is { } stopped
            ? $"stopped early: target met at R' = {stopped} ({target} for {what}: se {Show(at.StandardError)}, mean {Show(at.Mean)})"
            : $"target not met: {target} for {what} still fails at R = {prefix.Frontier} (se {Show(at.StandardError)}); ran to R";
    }

    private static string Show(double x) => x.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The limit could not be solved: the job fails before any realisation is dispatched.</summary>
    public void FailLimit(string reason, DateTimeOffset now)
    {
        LimitFailure = reason;
        Fail(reason, now);
    }

    public void Fail(string message, DateTimeOffset now)
    {
        Status = JobStatus.Failed;
        Message = message;
        FinishedAt = now;
    }
}
