using Ensemble.Grains.Interfaces;
using Ensemble.Grains.Runtime;
using Ensemble.Jobs.Partials;
using Ensemble.Simulation.Statistics;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Ensemble.Grains;

/// <summary>
/// One job's realisations computed on this silo, waiting for their coordinator to collect them (see
/// <see cref="IPartialSumsGrain"/>). First called by a realisation grain of the silo its key names, so placed there; the
/// observables are kept as computed until a collect names them, because only the coordinator knows which to count (a
/// retry's duplicate, a seed beyond an early stop must not be), and folded then, off the grain's turn. An activation on
/// another silo (its own died, or went idle and a collect came first) holds nothing, answers every seed missing and goes,
/// so the key is free for its silo again.
/// </summary>
[PreferLocalPlacement]
public sealed class PartialSumsGrain(CompiledSpecCache specs, ILocalSiloDetails silo) : Grain, IPartialSumsGrain
{
    private readonly Dictionary<uint, double[]> _held = [];
    private CompiledSpec? _spec;

    private bool OnItsSilo => this.GetPrimaryKeyString().EndsWith("/" + silo.SiloAddress, StringComparison.Ordinal);

    public Task<bool> Hold(string specJson, uint index, Immutable<double[]> observables)
    {
        if (!OnItsSilo)
        {
            DeactivateOnIdle();
            return Task.FromResult(false);
        }
        _spec ??= specs.Get(specJson);
        _held[index] = observables.Value; // a second attempt of a seed here: the same bits
        return Task.FromResult(true);
    }

    public async Task<PartialSums> Collect(uint[] seeds, CancellationToken cancellation = default)
    {
        if (!OnItsSilo || _spec is not { } spec)
        {
            if (!OnItsSilo) DeactivateOnIdle();
            return PartialSums.NoneOf(seeds);
        }
        var found = new List<(uint Index, double[] Observables)>(seeds.Length);
        var missing = new List<uint>();
        foreach (uint i in seeds.Distinct())
        {
            if (_held.Remove(i, out var observables)) found.Add((i, observables));
            else missing.Add(i);
        }
        // Some 40 us a realisation: a few hundred are tens of ms, not for the grain scheduler's thread.
        byte[] sums = found.Count == 0 ? [] : await Task.Run(() =>
        {
            var partial = new EnsembleAccumulator(spec.Spec);
            foreach (var (_, observables) in found) partial.Add(observables);
            return PartialSumsCodec.Encode(partial);
        }, CancellationToken.None);
        return new PartialSums([.. found.Select(f => f.Index)], [.. missing], sums);
    }

    public Task Release()
    {
        _held.Clear();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
