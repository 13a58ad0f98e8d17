using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Grains.Runtime;

/// <summary>A parsed, validated spec with what running and flattening its realisations needs.</summary>
public sealed class CompiledSpec
{
    public CompiledSpec(string specJson)
    {
        Spec = SpecJson.Parse(specJson);
        Simulator = Simulator.Create(Spec);
        Layout = new EnsembleAccumulator(Spec);
    }

    public SimulationSpec Spec { get; }
    public Simulator Simulator { get; }

    /// <summary>Used only to flatten results (the layout of the job's accumulator).</summary>
    public EnsembleAccumulator Layout { get; }
}

/// <summary>
/// One <see cref="CompiledSpec"/> per distinct spec text on this silo, so realisation grains do not
/// re-parse (or re-tabulate kernels) per realisation. Few jobs run at once; the cache is cleared
/// when it grows past <see cref="SimulationWorkerOptions.CompiledSpecs"/> specs.
/// </summary>
public sealed class CompiledSpecCache(IOptions<SimulationWorkerOptions> options)
{
    private readonly int _capacity = options.Value.CompiledSpecs;
    private readonly ConcurrentDictionary<string, Lazy<CompiledSpec>> _specs = new(StringComparer.Ordinal);

    public CompiledSpec Get(string specJson)
    {
        if (_specs.Count >= _capacity) _specs.Clear();
        return _specs.GetOrAdd(specJson, json => new Lazy<CompiledSpec>(() => new CompiledSpec(json))).Value;
    }
}
