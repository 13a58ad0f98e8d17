using Ensemble.Storage;
using Npgsql;
using Orleans.Storage;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// Orleans' ADO.NET grain storage with the service's two rules for the database: a pooled
/// connection that a PostgreSQL restart broke clears the pools and the call runs once more (the
/// first activation after an outage must not fail on it), and a database failure leaves as the
/// service's classified, serialisable exception (an activation failure crosses the wire too).
/// A concurrency conflict (<see cref="InconsistentStateException"/>) passes as it is.
/// </summary>
internal sealed class ReconnectingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Run($"reading the grain state of {grainId}", () => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Run($"writing the grain state of {grainId}", () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Run($"clearing the grain state of {grainId}", () => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The ADO.NET storage initialises itself in the silo's lifecycle; it still does, through here.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task Run(string what, Func<Task> call)
    {
        try
        {
            try
            {
                await call();
            }
            catch (Exception e) when (Broken(e))
            {
                NpgsqlConnection.ClearAllPools();
                await call();
            }
        }
        catch (Exception e) when (Database(e) is { } database)
        {
            throw PostgresErrors.ToStoreException(database, what);
        }
    }

    // The provider may wrap the driver's exception; what matters is the database's own.
    private static bool Broken(Exception e) => Database(e) is { } database && PostgresErrors.IsBrokenConnection(database);

    private static Exception? Database(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is NpgsqlException) return x;
        return null;
    }
}
