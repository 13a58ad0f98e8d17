using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Ensemble.Tests.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ensemble.Tests.Persistence;

/// <summary>
/// One coordinator activation as the grain wires it (state, ledger, lifecycle, checkpoint writer
/// with its epoch, the run), on a real store, without Orleans; realisations are computed for real.
/// </summary>
public sealed class CoordinatorRig
{
    private readonly JobHarness _compute;

    public CoordinatorRig(string jobId, int realisations, IJobBookStore store, long epoch, CheckpointOptions? options = null, int window = 4)
    {
        _compute = new JobHarness(realisations, new DispatchSettings(window, 3, TimeSpan.FromMinutes(1)));
        State = new JobState
        {
            Definition = new JobDefinition(jobId, null, SpecJson.Serialize(JobHarness.Spec), realisations, _compute.Seed),
            Dispatch = new DispatchSettings(window, 3, TimeSpan.FromMinutes(1)),
            Status = JobStatus.Queued,
        };
        Ledger = new JobLedger(JobBooks.New(realisations), new EnsembleAccumulator(JobHarness.Spec));
        Checkpoints = new CheckpointWriter(State, Ledger, store, () =>
        {
            StateWrites++;
            return Task.CompletedTask;
        }, Lifecycle, options ?? new CheckpointOptions(), TimeProvider.System, NullLogger.Instance)
        {
            Epoch = epoch,
            Fenced = () => FencedCalls++,
        };
    }

    public JobState State { get; }
    public JobLedger Ledger { get; }
    public JobLifecycle Lifecycle { get; } = new();
    public CheckpointWriter Checkpoints { get; }
    public int StateWrites { get; private set; }
    public int FencedCalls { get; private set; }

    /// <summary>Realisation <paramref name="index"/> computed and recorded, as if its report had just come in.</summary>
    public void Record(uint index) => Ledger.Record(_compute.Compute(index));

    /// <summary>The whole run, from dispatch to the final save, as the grain runs it; <paramref name="beforeEach"/> runs before each realisation.</summary>
    public Task<bool> RunAsync(Func<uint, Task>? beforeEach = null, CancellationToken stop = default)
    {
        Lifecycle.Start();
        var run = new JobRun(State, Ledger, Checkpoints, Lifecycle, TimeProvider.System, NullLogger.Instance);
        return run.RunAsync(async (index, _, _) =>
        {
            if (beforeEach is not null) await beforeEach(index);
            return await _compute.ComputeElsewhere(index);
        }, () =>
        {
            Lifecycle.ReminderHeld();
            return Task.CompletedTask;
        }, () => { }, stop);
    }
}
