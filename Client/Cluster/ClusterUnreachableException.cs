using Ensemble.Jobs.Errors;

namespace Ensemble.Client.Cluster;

/// <summary>No silo answered; the message says how to start one (and never shows a password).</summary>
public sealed class ClusterUnreachableException(ClusterTarget target, Exception inner) : EnsembleException(ErrorKind.Unreachable, "cluster",
    $"cannot reach an Ensemble cluster at {target} ({inner.GetBaseException().Message}). " +
    (target.Postgres is null
        ? "Start a silo with `dotnet run -c Release --project Silo`, pass --gateway-port if it listens elsewhere, or use `run SPEC`, which needs no cluster."
        : "Start a silo with `dotnet run -c Release --project Silo -- --postgres ...` against the same database; " +
            "status, results, list and rerun work without one."),
    inner);
