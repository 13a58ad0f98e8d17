namespace Ensemble.Jobs.Errors;

/// <summary>
/// A request a job's coordinator (or the database reader, which answers the same questions)
/// refused before any work: an invalid spec or setting, a conflicting or unknown job id, a query
/// for something the job does not have.
/// </summary>
[GenerateSerializer, Alias("Ensemble.JobRejectedException")]
public sealed class JobRejectedException(ErrorKind kind, string field, string reason) : EnsembleException(kind, field, reason)
{
    public static JobRejectedException UnknownJob(string jobId, string where = "has been submitted") =>
        new(ErrorKind.UnknownJob, "jobId", $"no job '{jobId}' {where}");
}
