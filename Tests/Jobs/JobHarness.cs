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
    private static readonly Simulator Simulator = Simulator.Create(Spec);
    private static readonly EnsembleAccumulator Layout = new(Spec);

    public JobHarness(int realisations, DispatchSettings settings, IJobBookStore? store = null, CheckpointOptions? options = null, ulong seed = 7)
    {
        Seed = seed;
        Settings = settings;
        Store = store ?? new GrainStateBookStore();
        State = new JobState
        {
            Definition = new JobDefinition("harness", null, SpecJson.Serialize(Spec), realisations, seed),
            Dispatch = settings,
            Status = JobStatus.Running,
        };
        Ledger = new JobLedger(JobBooks.New(realisations), new EnsembleAccumulator(Spec));
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
        var result = Simulator.Run(new RealisationSeed(Seed, index));
        var (observables, failure) = Layout.Prepare(result);
        return new RealisationReport(index, observables is not null, result.Checksum, observables, failure, "test", 0.1);
    }

    /// <summary>Computes on the thread pool, as a remote silo would, answering on the caller's thread.</summary>
    public Task<RealisationReport> ComputeElsewhere(uint index) => Task.Run(() => Compute(index));

    public Task<DispatchOutcome> RunAsync(RealisationRunner runner, CancellationToken stop = default)
    {
        Lifecycle.Start();
        Lifecycle.ReminderHeld();
        Dispatcher = new JobDispatcher(Ledger, Settings, Checkpoints, Lifecycle, runner, NullLogger.Instance, "harness");
        return Dispatcher.RunAsync(stop);
    }
}
