using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Grains.Runtime;

/// <summary>
/// A parsed, validated spec with what running and flattening its realisations needs: the simulator
/// and, for a spec with a limit section, its solved <see cref="LimitSet"/> — solved once, on the
/// silo's worker pool (never on a grain's turn), and shared by the coordinator and every realisation
/// of the spec on this silo. A limit that cannot be solved stays failed (the solve is deterministic).
/// </summary>
public sealed class CompiledSpec
{
    private readonly object _gate = new();
    private Task<LimitSet>? _limits;
    private Task<Simulator>? _simulator;

    public CompiledSpec(string specJson)
    {
        Spec = SpecJson.Parse(specJson);
        Layout = new EnsembleAccumulator(Spec);
        // Without a limit section nothing waits for a solve: the simulator is built at once, as before.
        if (Spec.Limit is null) _simulator = Task.FromResult(CreateSimulator(LimitSet.None));
    }

    public SimulationSpec Spec { get; }

    /// <summary>Used only to flatten results (the layout of the job's accumulator).</summary>
    public EnsembleAccumulator Layout { get; }

    /// <summary>The spec's limit, solved on <paramref name="workers"/> the first time it is asked for on this silo.</summary>
    /// <exception cref="LimitFailureException">The limit cannot be solved (every caller gets the same failure).</exception>
    public Task<LimitSet> LimitsAsync(SimulationWorkerPool workers)
    {
        lock (_gate) return _limits ??= Spec.Limit is null ? Task.FromResult(LimitSet.None) : workers.Run(() => LimitSet.Solve(Spec));
    }

    /// <summary>The simulator, built once the limit it reads (if any) is solved.</summary>
    public Task<Simulator> SimulatorAsync(SimulationWorkerPool workers)
    {
        lock (_gate) return _simulator ??= BuildAfterLimit(workers);
    }

    private async Task<Simulator> BuildAfterLimit(SimulationWorkerPool workers) => CreateSimulator(await LimitsAsync(workers).ConfigureAwait(false));

    /// <summary>The one place the solved limit reaches the simulator (the coupled processes read their drift from it).</summary>
    private Simulator CreateSimulator(LimitSet limits) => Simulator.Create(Spec, limits);
}

/// <summary>
/// One <see cref="CompiledSpec"/> per distinct spec text on this silo, so realisation grains do not
/// re-parse (or re-tabulate kernels, or re-solve the limit) per realisation. Few jobs run at once; the
/// cache is cleared when it grows past <see cref="SimulationWorkerOptions.CompiledSpecs"/> specs.
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
