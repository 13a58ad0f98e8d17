using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Ledger;

/// <summary>
/// Realisations reported as held on their silo (<see cref="RealisationReport.Held"/>): the coordinator keeps each one's
/// small report here (checksum, silo, duration) until the partial sums of its silo bring its observables; only then is
/// it recorded. Per silo, the seeds not yet asked for. Not thread-safe.
/// </summary>
internal sealed class HeldRealisations
{
    private readonly Dictionary<uint, RealisationReport> _reports = [];
    private readonly Dictionary<string, List<uint>> _uncollected = [];
    private readonly HashSet<string> _silos = [];

    public int Count => _reports.Count;

    /// <summary>Every silo that held realisations of this activation's job (to release what they still hold at the end).</summary>
    public IReadOnlyCollection<string> Silos => _silos;

    public IEnumerable<string> SilosWithUncollected => _uncollected.Where(s => s.Value.Count > 0).Select(s => s.Key);

    public bool Contains(uint index) => _reports.ContainsKey(index);

    public void Await(RealisationReport report)
    {
        _reports.Add(report.Index, report);
        _silos.Add(report.Silo);
        if (!_uncollected.TryGetValue(report.Silo, out var seeds)) _uncollected[report.Silo] = seeds = [];
        seeds.Add(report.Index);
    }

    public int UncollectedFrom(string silo) => _uncollected.TryGetValue(silo, out var seeds) ? seeds.Count : 0;

    /// <summary>The seeds of <paramref name="silo"/> not yet asked for, now asked for (they stay held until merged or released).</summary>
    public uint[] TakeUncollected(string silo)
    {
        if (!_uncollected.Remove(silo, out var seeds)) return [];
        return [.. seeds];
    }

    /// <summary>Held, by <paramref name="silo"/>, and asked for: what a partial from that silo may contain.</summary>
    public bool IsHeldBy(uint index, string silo) => _reports.TryGetValue(index, out var report) && report.Silo == silo;

    public RealisationReport Remove(uint index)
    {
        _reports.Remove(index, out var report);
        return report ?? throw new InvalidOperationException($"realisation {index} is not held");
    }
}
