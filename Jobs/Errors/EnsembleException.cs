namespace Ensemble.Jobs.Errors;

/// <summary>
/// A failure the service explains to its user: a <see cref="Kind"/> to act on, the
/// <see cref="Field"/> to blame (a spec path, an option, "jobId") and what was expected there.
/// Serialisable, so it crosses from a grain to a client intact.
/// </summary>
[GenerateSerializer, Alias("Ensemble.EnsembleException")]
public class EnsembleException : Exception
{
    public EnsembleException(ErrorKind kind, string field, string reason, Exception? inner = null)
        : base($"{field}: {reason}", inner)
    {
        Kind = kind;
        Field = field;
        Reason = reason;
    }

    [Id(0)] public string Field { get; }

    [Id(1)] public string Reason { get; }

    [Id(2)] public ErrorKind Kind { get; }
}
