namespace Ensemble.Grains.Interfaces;

/// <summary>A submission refused before any work: an invalid spec (naming the field) or a conflicting job id.</summary>
[GenerateSerializer, Alias("Ensemble.JobRejectedException")]
public sealed class JobRejectedException : Exception
{
    public JobRejectedException(string field, string reason) : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>The offending field (a spec JSON path, or "jobId" for a conflict).</summary>
    [Id(0)] public string Field { get; }

    [Id(1)] public string Reason { get; }
}
