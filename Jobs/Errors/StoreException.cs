namespace Ensemble.Jobs.Errors;

/// <summary>How a failed read or write of durable storage should be met.</summary>
[GenerateSerializer, Alias("Ensemble.StoreFailure")]
public enum StoreFailure
{
    /// <summary>The database was unreachable, restarting, or gave up a transaction to a conflict: try again after a back-off.</summary>
    Transient,

    /// <summary>The database refused the data or the statement (a constraint, a data error): trying again gives the same answer.</summary>
    Permanent,

    /// <summary>A newer activation of the same coordinator owns the job: this one must stop writing.</summary>
    Fenced,
}

/// <summary>
/// A storage failure as the job layer sees it, classified by the store (which knows its database's
/// error codes) so that the coordinator decides by <see cref="Failure"/> and never needs the
/// database driver. The database's own exception stays in <see cref="Cause"/> on this side of the
/// wire for logs; it is not serialised (a driver's exception type has no codec and may carry the
/// statement), so what crosses to a client is the kind and the message only.
/// </summary>
[GenerateSerializer, Alias("Ensemble.StoreException")]
public sealed class StoreException : EnsembleException
{
    public StoreException(StoreFailure failure, string reason, Exception? cause = null)
        : base(failure == StoreFailure.Permanent ? ErrorKind.StoreRefused : ErrorKind.Unreachable, "database", reason)
    {
        Failure = failure;
        _cause = cause;
    }

    [NonSerialized] private readonly Exception? _cause;

    [Id(0)] public StoreFailure Failure { get; }

    /// <summary>The driver's exception, for this process's logs only.</summary>
    public Exception? Cause => _cause;

    public bool Transient => Failure == StoreFailure.Transient;

    public override string ToString() => Cause is null ? base.ToString() : $"{base.ToString()}{Environment.NewLine} ---> {Cause}";
}
