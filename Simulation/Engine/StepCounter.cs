namespace Ensemble.Simulation.Engine;

/// <summary>
/// How many steps a running realisation has taken, for progress reports from another thread. The
/// step loop writes one plain field per step (no lock, no allocation); readers see a value at most
/// a step or so old, which is all a progress bar needs.
/// </summary>
public sealed class StepCounter
{
    private long _done;

    /// <summary>Steps completed so far by the realisation this counter was given to.</summary>
    public long Done => Volatile.Read(ref _done);

    /// <summary>The realisation's total step count, known once it starts (0 before).</summary>
    public long Total { get; internal set; }

    internal void Reached(long step) => Volatile.Write(ref _done, step);
}
