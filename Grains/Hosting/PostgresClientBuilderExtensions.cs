using Orleans.Configuration;

namespace Ensemble.Grains.Hosting;

/// <summary>A client that finds the cluster's gateways in the PostgreSQL membership table (any host).</summary>
public static class PostgresClientBuilderExtensions
{
    public static IClientBuilder UseEnsemblePostgresClustering(this IClientBuilder client, string connectionString)
    {
        Storage.PostgresConnectionString.Validate(connectionString);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (EnsembleCluster.ClusterId, EnsembleCluster.ServiceId));
        return client.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresSiloBuilderExtensions.Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
