namespace Ensemble.Grains.Runtime;

/// <summary>
/// Realisation attempts running on this silo now (from the start of <c>RealisationGrain.Run</c> to its end, waiting for a worker
/// included): the per-silo in-flight count that no coordinator knows, since placement, not the coordinator, chooses the silo.
/// </summary>
public sealed class SiloRealisations
{
    private int _running;

    public int Running => Volatile.Read(ref _running);

    public void Started() => Interlocked.Increment(ref _running);

    public void Ended() => Interlocked.Decrement(ref _running);
}
