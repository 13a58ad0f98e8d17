namespace Ensemble.Client.Cluster;

/// <summary>No silo answered at the gateway; the message says how to start one.</summary>
public sealed class ClusterUnreachableException(int gatewayPort, Exception inner) : Exception(
    $"cannot reach an Ensemble cluster at localhost:{gatewayPort} ({inner.GetBaseException().Message}). " +
    $"Start a silo with `dotnet run -c Release --project Silo`, pass --gateway-port if it listens elsewhere, " +
    $"or use `run SPEC`, which needs no cluster.", inner);
