using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Ledger;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// Silos as a coordinator sees them when realisations stay where they were computed: seed i runs on silo "s{i % count}",
/// whose buffer keeps its observables and answers collects with exact partial sums (the silo grain's rule), with no
/// Orleans. A silo can be killed: its buffer is gone and its collects fail, as for a dead silo.
/// </summary>
internal sealed class HeldSilos(JobHarness harness, int count, SimulationSpec spec)
{
    private readonly Dictionary<string, Dictionary<uint, double[]>> _buffers =
        Enumerable.Range(0, count).ToDictionary(s => $"s{s}", _ => new Dictionary<uint, double[]>());
    private readonly HashSet<string> _dead = [];
    private readonly int? _target = PrefixTarget.Of(spec).Location.Index;

    public List<(string Silo, uint[] Seeds)> Collects { get; } = [];

    /// <summary>Seeds held when their silo was killed.</summary>
    public List<uint> LostWithSilos { get; } = [];

    public Func<uint, int, string> Placement { get; set; } = (index, attempt) => $"s{(index + (uint)attempt - 1) % count}";

    public async Task<RealisationReport> Run(uint index, int attempt, CancellationToken cancellation)
    {
        var report = await harness.ComputeElsewhere(index);
        string silo = Placement(index, attempt);
        if (_dead.Contains(silo)) throw new InvalidOperationException($"silo {silo} is dead");
        if (report.Observables is not { } observables) return report with { Silo = silo };
        _buffers[silo][index] = observables;
        return report with { Silo = silo, Observables = null, Held = true, TargetValue = observables[_target!.Value] };
    }

    public Task<PartialSums> Collect(string silo, uint[] seeds, CancellationToken cancellation)
    {
        Collects.Add((silo, seeds));
        if (_dead.Contains(silo)) return Task.FromException<PartialSums>(new TimeoutException($"silo {silo} does not answer"));
        var partial = new EnsembleAccumulator(spec);
        var found = seeds.Where(_buffers[silo].ContainsKey).ToArray();
        foreach (uint i in found)
        {
            partial.Add(_buffers[silo][i]);
            _buffers[silo].Remove(i);
        }
        return Task.FromResult(new PartialSums(found, [.. seeds.Except(found)], PartialSumsCodec.Encode(partial)));
    }

    public void Kill(string silo)
    {
        _dead.Add(silo);
        LostWithSilos.AddRange(_buffers[silo].Keys);
        _buffers[silo].Clear();
    }

    public int HeldBy(string silo) => _buffers[silo].Count;

    public PartialCollection Collection(int flushRealisations, TimeSpan flushInterval) =>
        new(Collect, bytes => PartialSumsCodec.Decode(spec, bytes),
            new PartialOptions { FlushRealisations = flushRealisations, FlushInterval = flushInterval });
}
