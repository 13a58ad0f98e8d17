using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Ledger;

/// <summary>
/// The per-realisation books of a job and its accumulator. <see cref="Record"/> folds a
/// realisation into the estimates only if it was still pending: a report delivered twice (a retry
/// racing a slow first attempt, a duplicate message) is counted once. What was recorded since the
/// last save is kept as indices (and, with <paramref name="keepDetails"/>, where and how long each
/// ran) until a save takes them as <see cref="RealisationRecord"/>s (<see cref="TakeUnsaved"/>);
/// how a store writes them down is the store's business.
/// </summary>
/// <remarks>
/// Memory: the books' 10 bytes a realisation (see <see cref="JobBooks"/>), the failure reason of
/// each realisation that failed, and 4 bytes (10 with details) per realisation recorded and not
/// yet saved — at most 14 bytes a realisation even if nothing were ever saved (Benchmarks: books).
/// </remarks>
/// <para>
/// With a <paramref name="prefix"/> tracker every outcome is offered to it too (the se-vs-R history).
/// With a stop rule (<see cref="PrefixTracker.Ordered"/>) a report is recorded, and its realisation
/// folded, only once every lower seed has been: reports of seeds ahead of the tracker's frontier wait
/// here (<see cref="Ahead"/>, at most the dispatch window, see <see cref="Dispatch.JobDispatcher"/>)
/// and are recorded in seed order as it passes them. So the books and the accumulator always hold
/// exactly a prefix of seeds (plus seeds abandoned beyond it, which have nothing to fold), and when
/// the target is met at R' the reports waiting for seeds &gt;= R' are dropped, never recorded: seeds
/// &gt;= R' stay pending in the books, honestly not part of the result. A waiting report is not
/// saved; a restart computes it again (the same bits), and the window bounds how many.
/// </para>
/// <para>
/// A success reported as held (<see cref="RealisationReport.Held"/>: its observables stay in its silo's partial sums) is not
/// recorded yet: its report waits here (<see cref="Awaiting"/>) until <see cref="Merge"/> folds the silo's partial, which
/// records every seed it holds at once; seeds whose partial is lost (<see cref="Release"/>) are pending again and computed
/// again. So the books and the accumulator still agree at every save, and a seed counts once whatever partial it comes in.
/// </para>
/// <param name="keepDetails">Keep silo and duration of unsaved realisations, for a store that writes them (the database).</param>
/// <param name="prefix">The estimate followed over prefixes of seeds (history and stop rule); none when null.</param>
public sealed class JobLedger(JobBooks books, EnsembleAccumulator accumulator, bool keepDetails = false, PrefixTracker? prefix = null)
{
    private readonly UnsavedOutcomes _unsaved = new(keepDetails);
    private readonly HeldRealisations _partials = new();

    /// <summary>Reports waiting for a lower seed (stop rule only), by seed.</summary>
    private readonly SortedDictionary<uint, RealisationReport> _ahead = Rejoin(books, prefix);

    /// <summary>Pending realisations whose attempt count changed since the last save (with details only: at most the window).</summary>
    private readonly HashSet<uint> _attempted = [];
    private int _saving;

    public JobBooks Books => books;
    public PrefixTracker? Prefix => prefix;

    /// <summary>Reports computed and waiting for a lower seed before they are recorded (stop rule only).</summary>
    public int Ahead => _ahead.Count;
    public EnsembleAccumulator Accumulator => accumulator;
    public int Total => books.States.Length;
    public int Succeeded { get; private set; } = books.States.AsSpan().Count((byte)RealisationState.Succeeded);
    public int Failed { get; private set; } = books.States.AsSpan().Count((byte)RealisationState.Failed);
    public int Abandoned { get; private set; } = books.States.AsSpan().Count((byte)RealisationState.Abandoned);
    public int InFlight { get; set; }

    /// <summary>Realisations recorded here and not yet saved (waiting or being written).</summary>
    public int Unsaved => _unsaved.Count + _saving;

    public JobCounts Counts => new(Succeeded, Failed, Abandoned, books.Retries, books.DuplicateReports);

    public IEnumerable<uint> Pending()
    {
        for (uint i = 0; i < books.States.Length; i++)
            if (books.States[i] == (byte)RealisationState.Pending) yield return i;
    }

    public bool IsPending(uint index) => books.States[index] == (byte)RealisationState.Pending;

    public int Attempts(uint index) => books.Attempts[index];

    /// <summary>Counts a new attempt and returns its number (1 for the first).</summary>
    public int BeginAttempt(uint index)
    {
        if (books.Attempts[index] < byte.MaxValue) books.Attempts[index]++;
        if (books.Attempts[index] > 1) books.Retries++;
        // A store that writes rows saves the count of a seed still pending, so a restart does not reset it.
        if (keepDetails && IsPending(index)) _attempted.Add(index);
        return books.Attempts[index];
    }

    /// <summary>Takes back the attempt just begun for <paramref name="index"/>: its call never reached a worker.</summary>
    public void AttemptNotDelivered(uint index)
    {
        if (books.Attempts[index] > 1) books.Retries--;
        if (books.Attempts[index] > 0) books.Attempts[index]--;
    }

    /// <summary>
    /// Records a report; true if it was folded in or recorded now (or, with a stop rule, waits for a
    /// lower seed), false for a duplicate or a seed beyond a met target.
    /// </summary>
    public bool Record(RealisationReport report)
    {
        if (prefix is { Ordered: true } ordered) return RecordInOrder(report, ordered);
        if (!RecordNow(report)) return false;
        prefix?.Offer(report.Index, ValueOf(report));
        return true;
    }

    private bool RecordInOrder(RealisationReport report, PrefixTracker tracker)
    {
        uint i = report.Index;
        if (tracker.IsStopped && i >= tracker.StoppedAt) return false; // beyond R': not part of the result
        if (!IsPending(i) || _partials.Contains(i) || _ahead.ContainsKey(i))
        {
            books.DuplicateReports++;
            return false;
        }
        // Passed by the frontier yet pending: its sums were lost before they reached the accumulator (their silo died, or
        // the coordinator restarted from a checkpoint that did not hold them), while the tracker has its value (the same
        // bits again). Recorded at once: the order is the tracker's, and the tracker has it.
        if (i < tracker.Frontier) return RecordNow(report);
        if (tracker.Knows(i))
        {
            books.DuplicateReports++;
            return false;
        }
        _ahead[i] = report;
        tracker.Offer(i, ValueOf(report));
        RecordPassed(tracker);
        return true;
    }

    /// <summary>Records, in seed order, the waiting reports the frontier has passed; after the stop drops the rest.</summary>
    private void RecordPassed(PrefixTracker tracker)
    {
        while (_ahead.Count > 0 && _ahead.First() is var (index, report) && index < tracker.Frontier)
        {
            _ahead.Remove(index);
            RecordNow(report);
        }
        if (tracker.IsStopped) _ahead.Clear();
    }

    private double? ValueOf(RealisationReport report) => !report.Succeeded ? null
        : report.Held ? report.TargetValue ?? throw new ArgumentException($"realisation {report.Index}: a held report without its prefix value", nameof(report))
        : report.Observables![prefix!.Target.Location.Index];

    /// <summary>
    /// A restored tracker with a stop rule does not save the seeds ahead of its frontier (the books do
    /// not hold them either) except abandoned ones, which the books do hold: they are offered again.
    /// </summary>
    private static SortedDictionary<uint, RealisationReport> Rejoin(JobBooks books, PrefixTracker? prefix)
    {
        if (prefix is { Ordered: true })
            for (int i = prefix.Frontier; i < books.States.Length; i++)
                if (books.States[i] == (byte)RealisationState.Abandoned) prefix.Offer((uint)i, null);
        return [];
    }

    private bool RecordNow(RealisationReport report)
    {
        uint i = report.Index;
        if (!IsPending(i) || _partials.Contains(i))
        {
            books.DuplicateReports++;
            return false;
        }
        if (report.Succeeded && report.Held)
        {
            _partials.Await(report);
            return true;
        }
        if (report.Succeeded)
        {
            accumulator.Add(report.Observables);
            Counted(report);
            return true;
        }
        books.Checksums[i] = report.Checksum;
        books.States[i] = (byte)RealisationState.Failed;
        books.Failures[i] = report.FailureReason ?? "failed";
        Failed++;
        _unsaved.Add(i, report.Silo, report.Milliseconds);
        return true;
    }

    /// <summary>A success whose observables are in the accumulator now: recorded.</summary>
    private void Counted(RealisationReport report)
    {
        uint i = report.Index;
        books.Checksums[i] = report.Checksum;
        books.States[i] = (byte)RealisationState.Succeeded;
        Succeeded++;
        _unsaved.Add(i, report.Silo, report.Milliseconds);
    }

    /// <summary>Realisations reported as held on their silos, waiting for their partial sums (not recorded, not saved).</summary>
    public int Awaiting => _partials.Count;

    public bool IsAwaiting(uint index) => _partials.Contains(index);

    /// <summary>Every silo that held realisations for this ledger.</summary>
    public IReadOnlyCollection<string> HoldingSilos => _partials.Silos;

    public IEnumerable<string> SilosWithUncollected => _partials.SilosWithUncollected;

    public int UncollectedFrom(string silo) => _partials.UncollectedFrom(silo);

    /// <summary>The seeds to ask <paramref name="silo"/>'s partial for; the answer goes to <see cref="Merge"/> or <see cref="Release"/>.</summary>
    public uint[] TakeCollectable(string silo) => _partials.TakeUncollected(silo);

    /// <summary>
    /// Folds the partial sums that <paramref name="silo"/> sent for the seeds <paramref name="asked"/>, exactly once: all or nothing,
    /// and only if every seed in it was asked of that silo and is still waiting for its sums, and <paramref name="sums"/> holds
    /// exactly those realisations. A partial that names a seed counted already (or held elsewhere, or not asked for) is refused
    /// whole: its sums cannot be split, so its seeds are computed again. Returns the seeds to dispatch again: those the silo no
    /// longer had, or all that were asked of a refused partial.
    /// </summary>
    public IReadOnlyList<uint> Merge(string silo, uint[] asked, PartialSums partial, EnsembleAccumulator? sums)
    {
        var askedOnce = asked.ToHashSet();
        var seeds = partial.Seeds.ToHashSet();
        int foreign = partial.Seeds.Count(i => !askedOnce.Contains(i) || !_partials.IsHeldBy(i, silo));
        if (foreign > 0 || seeds.Count != partial.Seeds.Length || (sums?.Count ?? 0) != partial.Seeds.Length)
        {
            books.DuplicateReports += Math.Max(1, foreign);
            return Release(silo, asked);
        }
        if (sums is not null) accumulator.Merge(sums);
        foreach (uint i in partial.Seeds) Counted(_partials.Remove(i));
        return Release(silo, asked.Where(i => !seeds.Contains(i)));
    }

    /// <summary>Seeds asked of <paramref name="silo"/> whose sums will not come (it died, did not answer, or lost them): pending again, to dispatch.</summary>
    public IReadOnlyList<uint> Release(string silo, IEnumerable<uint> asked)
    {
        var released = new List<uint>();
        foreach (uint i in asked.Distinct())
        {
            if (!_partials.IsHeldBy(i, silo)) continue;
            _partials.Remove(i);
            released.Add(i);
        }
        return released;
    }

    /// <summary>Seeds below <paramref name="end"/> that were abandoned (after a stop at R', those that count against the result).</summary>
    public int AbandonedBelow(int end) => books.States.AsSpan(0, Math.Clamp(end, 0, books.States.Length)).Count((byte)RealisationState.Abandoned);

    public void Abandon(uint index, string reason)
    {
        if (!IsPending(index) || _partials.Contains(index)) return;
        books.States[index] = (byte)RealisationState.Abandoned;
        books.Failures[index] = reason;
        Abandoned++;
        _unsaved.Add(index);
        prefix?.Offer(index, null);
        if (prefix is { Ordered: true } ordered) RecordPassed(ordered);
    }

    /// <summary>
    /// Hands the unsaved records to a save; it answers with <see cref="Saved"/> or <see cref="SaveFailed"/>.
    /// With details they include a <see cref="RealisationState.Pending"/> record (its attempts so far)
    /// for each seed still pending whose attempt count changed.
    /// </summary>
    public IReadOnlyList<RealisationRecord> TakeUnsaved()
    {
        var records = _unsaved.TakeAll().Select(u => Describe(u.Index) with { Silo = u.Silo, Milliseconds = u.Milliseconds }).ToList();
        _saving += records.Count;
        records.AddRange(_attempted.Where(IsPending).Order().Select(i => Describe(i)));
        _attempted.Clear();
        return records;
    }

    public void Saved(IReadOnlyList<RealisationRecord> records) => _saving -= Outcomes(records);

    private static int Outcomes(IReadOnlyList<RealisationRecord> records) => records.Count(r => r.State != RealisationState.Pending);

    /// <summary>The records go back to the queue; the next save writes them again (order does not matter: one row per index).</summary>
    public void SaveFailed(IReadOnlyList<RealisationRecord> records)
    {
        _saving -= Outcomes(records);
        foreach (var r in records)
        {
            if (r.State != RealisationState.Pending) _unsaved.Add(r.Index, r.Silo, r.Milliseconds);
            else _attempted.Add(r.Index);
        }
    }

    /// <summary>Records of realisations [from, from + count), clipped to the job.</summary>
    public RealisationRecord[] Describe(uint from, int count)
    {
        long end = Math.Min((long)from + Math.Max(0, count), Total);
        var records = new RealisationRecord[Math.Max(0, end - from)];
        for (long i = from; i < end; i++) records[i - from] = Describe((uint)i);
        return records;
    }

    public RealisationRecord Describe(uint index) => new(index, (RealisationState)books.States[index], books.Checksums[index],
        books.Attempts[index], books.Failures.GetValueOrDefault(index));
}
