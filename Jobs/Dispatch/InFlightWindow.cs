namespace Ensemble.Jobs.Dispatch;

/// <summary>
/// How many realisations a job keeps dispatched and not yet saved. A fixed window is what the submission says. An
/// adaptive one (the default when no window is given) starts there, grows to half a second of the job's measured
/// throughput (so a checkpoint, started at a quarter of the window, commits an eighth of a second of work, not a few
/// short realisations), doubles whenever the dispatcher finds it full of realisations waiting for a commit while a save
/// is running, at most once per save, and never goes beyond <see cref="Cap"/>: <see cref="Floor"/> realisations or one
/// second of throughput, whichever is more, and at most <see cref="Ceiling"/>. It never shrinks. Since what is computed and not saved
/// keeps its slot, a crash of the whole cluster recomputes at most the window: about a second of the job's work.
/// Not thread-safe: the dispatcher's one logical thread calls it.
/// </summary>
public sealed class InFlightWindow
{
    public const int Floor = 64;
    public const int Ceiling = 4096;

    /// <summary>The throughput whose one second of work the window may hold.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(1);

    /// <summary>How often the throughput is measured: soon enough that a job of a few seconds gets its window early.</summary>
    public static readonly TimeSpan MeasureEvery = TimeSpan.FromMilliseconds(100);

    private readonly Func<TimeSpan> _clock;
    private TimeSpan _since;
    private int _completedSince;
    private double _throughput;
    private int _grownAtSave = -1;

    /// <param name="initial">The submission's window.</param>
    /// <param name="adaptive">False: the window stays <paramref name="initial"/>.</param>
    /// <param name="clock">Monotonic elapsed time (a stopwatch's; tests drive it).</param>
    public InFlightWindow(int initial, bool adaptive, Func<TimeSpan> clock)
    {
        Current = initial;
        Adaptive = adaptive;
        _clock = clock;
        _since = clock();
    }

    public bool Adaptive { get; }

    public int Current { get; private set; }

    /// <summary>Realisations per second over the last <see cref="MeasureEvery"/> (0 until one has passed).</summary>
    public double Throughput => _throughput;

    /// <summary>The most the window may grow to now.</summary>
    public int Cap => (int)Math.Clamp(Math.Ceiling(_throughput * Horizon.TotalSeconds), Math.Max(Floor, Current), Ceiling);

    /// <summary>A realisation finished (its report reached the coordinator).</summary>
    public void Completed()
    {
        _completedSince++;
        var now = _clock();
        var elapsed = now - _since;
        if (elapsed < MeasureEvery) return;
        _throughput = _completedSince / elapsed.TotalSeconds;
        (_since, _completedSince) = (now, 0);
        // Half a second of work in the window: the checkpoints (at a quarter of it) each hold an eighth of a second of
        // realisations, so short realisations do not pay one transaction per few of them.
        if (Adaptive) Current = Math.Max(Current, (int)Math.Min(Ceiling, Math.Ceiling(_throughput * Horizon.TotalSeconds / 2)));
    }

    /// <summary>
    /// The dispatcher could launch more but the window is full and some of it waits for save number <paramref name="save"/>
    /// (<see cref="Checkpoints.CheckpointWriter.SavesQueued"/>), which is running: grows the window once for that save.
    /// </summary>
    public bool Stalled(int save)
    {
        if (!Adaptive || save == _grownAtSave) return false;
        int grown = Math.Min(Cap, Math.Max(Current, 2 * Current));
        if (grown <= Current) return false;
        (Current, _grownAtSave) = (grown, save);
        return true;
    }
}
