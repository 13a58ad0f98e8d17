namespace Ensemble.Grains.Hosting;

/// <summary>
/// The Orleans cluster and service ids of an Ensemble deployment on PostgreSQL. The membership
/// table is keyed by the cluster id and grain state by the service id, so silos and clients must
/// agree on both; one database holds one Ensemble service. Silos and clients without PostgreSQL
/// (localhost clustering) use the same ids, so a client given a gateway port reaches either kind.
/// </summary>
public static class EnsembleCluster
{
    public const string ClusterId = "ensemble";
    public const string ServiceId = "ensemble";
}
