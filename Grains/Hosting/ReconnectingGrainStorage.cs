using Ensemble.Storage;
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

    // Only the database's own failures are the service's to classify; a concurrency conflict is Orleans'.
    private static Task Run(string what, Func<Task> call) => PostgresRetry.RunAsync(null, what, call, PostgresErrors.DriverError);
}
