using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Dispatch;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// One job's dispatcher, checkpoint writer, ledger and lifecycle wired together as a coordinator
/// wires them, around a store of the test's choosing and with real realisations of a small spec,
/// but with no Orleans: the runner is a delegate the test writes.
/// </summary>
public sealed class JobHarness
{
    public static readonly SimulationSpec Spec = JobExecutionTests.Small;
    private static readonly Simulator DefaultSimulator = Simulator.Create(Spec);

    private readonly Simulator _simulator;
    private readonly EnsembleAccumulator _layout;

    /// <param name="spec">The job's spec (default <see cref="Spec"/>); given one, the ledger follows its prefix estimate (and stop rule).</param>
    public JobHarness(int realisations, DispatchSettings settings, IJobBookStore? store = null, CheckpointOptions? options = null, ulong seed = 7,
        SimulationSpec? spec = null)
    {
        var books = JobBooks.New(realisations);
        _simulator = spec is null ? DefaultSimulator : Simulator.Create(spec);
        _layout = new EnsembleAccumulator(spec ?? Spec);
        Seed = seed;
        Settings = settings;
        Store = store ?? new GrainStateBookStore();
        State = new JobState
        {
            Definition = new JobDefinition("harness", null, SpecJson.Serialize(spec ?? Spec), realisations, seed),
            Dispatch = settings,
            Status = JobStatus.Running,
        };
        Ledger = new JobLedger(books, new EnsembleAccumulator(spec ?? Spec),
            prefix: spec is null ? null : PrefixTracker.Restore(spec, realisations, saved: null, books));
        Checkpoints = new CheckpointWriter(State, Ledger, Store, () =>
        {
            StateWrites++;
            return Task.CompletedTask;
        }, Lifecycle, options ?? new CheckpointOptions(), TimeProvider.System, NullLogger.Instance);
    }

    public ulong Seed { get; }
    public DispatchSettings Settings { get; }
    public IJobBookStore Store { get; }
    public JobState State { get; }
    public JobLedger Ledger { get; }
    public JobLifecycle Lifecycle { get; } = new();
    public CheckpointWriter Checkpoints { get; }
    public int StateWrites { get; private set; }

    /// <summary>The dispatcher of the last <see cref="RunAsync"/>.</summary>
    public JobDispatcher? Dispatcher { get; private set; }

    /// <summary>Realisation <paramref name="index"/> computed for real, as a silo would report it.</summary>
    public RealisationReport Compute(uint index)
    {
        var result = _simulator.Run(new RealisationSeed(Seed, index));
        var (observables, failure) = _layout.Prepare(result);
        return new RealisationReport(index, observables is not null, result.Checksum, observables, failure, "test", 0.1);
    }

    /// <summary>Computes on the thread pool, as a remote silo would, answering on the caller's thread.</summary>
    public Task<RealisationReport> ComputeElsewhere(uint index) => Task.Run(() => Compute(index));

    public Task<DispatchOutcome> RunAsync(RealisationRunner runner, CancellationToken stop = default, PartialCollection? partials = null)
    {
        Lifecycle.Start();
        Lifecycle.ReminderHeld();
        Dispatcher = new JobDispatcher(Ledger, Settings, Checkpoints, Lifecycle, runner, NullLogger.Instance, "harness", partials);
        return Dispatcher.RunAsync(stop);
    }
}
