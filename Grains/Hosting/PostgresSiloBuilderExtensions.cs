using Ensemble.Grains.Failover;
using Ensemble.Jobs.Checkpoints;
using Microsoft.Extensions.Configuration;
using Ensemble.Storage;
using Ensemble.Storage.Jobs;
using Ensemble.Storage.Studies;
using Ensemble.Jobs.Studies;
using Ensemble.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// Everything on PostgreSQL: cluster membership, grain state and reminders through Orleans'
/// ADO.NET providers (invariant "Npgsql" on each), and the job books in the service's own tables.
/// The schema is migrated before the silo touches the membership table.
/// </summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql; every provider defaults to something else.</summary>
    public const string Invariant = "Npgsql";

    public static ISiloBuilder AddEnsemblePostgres(this ISiloBuilder silo, string connectionString, IConfiguration? configuration = null)
    {
        PostgresConnectionString.Validate(connectionString);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (EnsembleCluster.ClusterId, EnsembleCluster.ServiceId));
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(EnsembleStorage.Jobs, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        // Registered last, so it is the one resolved: the ADO.NET storage behind the service's reconnect-and-classify rules.
        silo.Services.AddKeyedSingleton<IGrainStorage>(EnsembleStorage.Jobs,
            (services, name) => new ReconnectingGrainStorage(AdoNetGrainStorageFactory.Create(services, (string)name!)));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<JobTables>();
        silo.Services.AddEnsembleOptions<EstimatesTableOptions, EstimatesTableOptionsValidator>(EstimatesTableOptions.Section, configuration);
        silo.Services.AddSingleton<IJobBookStore, PostgresBookStore>();
        silo.Services.AddSingleton<IStudyStore>(sp => new StudyTables(sp.GetRequiredService<NpgsqlDataSource>()));
        // Which jobs to resume when a silo dies: the unfinished ones in the job table (wins over the registry).
        silo.Services.AddSingleton<IUnfinishedJobs>(sp => new ArchivedUnfinishedJobs(new PostgresJobArchive(sp.GetRequiredService<JobTables>())));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigration>();
        return silo;
    }

    /// <summary>Runs the migration first thing in the silo's start-up (before membership).</summary>
    private sealed class SchemaMigration(NpgsqlDataSource database, ILogger<SchemaMigration> logger) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaMigration), ServiceLifecycleStage.First, async cancellation =>
            {
                var applied = await SchemaMigrator.MigrateAsync(database, cancellation);
                logger.LogInformation("Database schema ready on {Database} ({Applied})",
                    PostgresConnectionString.Redact(database.ConnectionString),
                    applied.Count == 0 ? "already up to date" : $"applied version(s) {string.Join(", ", applied)}");
            });
    }
}
