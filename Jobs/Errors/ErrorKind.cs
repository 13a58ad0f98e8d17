namespace Ensemble.Jobs.Errors;

/// <summary>
/// What kind of failure an <see cref="EnsembleException"/> is, the way a SQLSTATE classifies a
/// database error: callers decide by kind (the CLI's exit code, a retry), never by message text.
/// </summary>
[GenerateSerializer, Alias("Ensemble.ErrorKind")]
public enum ErrorKind
{
    /// <summary>The spec was refused; <see cref="EnsembleException.Field"/> is its JSON path.</summary>
    InvalidSpec,

    /// <summary>A command-line option or submission setting was refused; the field names it.</summary>
    InvalidOption,

    /// <summary>A well-formed request the job cannot answer (a filter that matches nothing it has, an index outside it).</summary>
    InvalidRequest,

    /// <summary>A job id already taken by a job with another identity.</summary>
    Conflict,

    /// <summary>No job under that id.</summary>
    UnknownJob,

    /// <summary>No cluster or database answered.</summary>
    Unreachable,

    /// <summary>A rerun gave other bits than the job recorded.</summary>
    NotReproduced,

    /// <summary>The database refused a write for good (a constraint or data error); retrying gives the same answer.</summary>
    StoreRefused,
}
