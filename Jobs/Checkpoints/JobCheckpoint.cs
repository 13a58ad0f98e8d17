using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Checkpoints;

/// <summary>
/// One checkpoint of a coordinator, snapshotted at one instant: the job as it stands and the change
/// since the previous checkpoint. A store writes what it needs of it, all or nothing: the database
/// the change (<see cref="Recorded"/>, the accumulator that counts exactly those, the counts), the
/// grain-state store the whole <see cref="Books"/>.
/// </summary>
/// <param name="State">The coordinator's persistent state (identity and dispatch settings; a store may attach the books to it).</param>
/// <param name="Summary">The job's status, message and timings at the snapshot.</param>
/// <param name="Counts">The ledger's counts at the snapshot.</param>
/// <param name="Books">The whole per-realisation books.</param>
/// <param name="Recorded">Realisations recorded since the previous checkpoint that reached the store.</param>
/// <param name="Folded">Realisations the accumulator counts.</param>
/// <param name="Accumulator">The accumulator as JSON (see <see cref="Estimates.AccumulatorJson"/>).</param>
/// <param name="Estimates">The estimates as rows, when the store's rules ask for them this time.</param>
public sealed record JobCheckpoint(
    JobState State,
    JobSummary Summary,
    JobCounts Counts,
    JobBooks Books,
    IReadOnlyList<RealisationRecord> Recorded,
    long Folded,
    string Accumulator,
    IReadOnlyList<EstimateRow>? Estimates)
{
    /// <summary>The epoch the writing activation took (<see cref="IJobBookStore.ClaimEpochAsync"/>); the store refuses a stale one.</summary>
    public long Epoch { get; init; }

    /// <summary>The prefix tracker at the snapshot (its JSON and its history), saved in the same write as the books; null without one.</summary>
    public PrefixCheckpoint? Prefix { get; init; }

    public JobDefinition Definition => State.Definition ?? throw new InvalidOperationException("a checkpoint of a job that was never submitted");

    public DispatchSettings Dispatch => State.Dispatch ?? throw new InvalidOperationException("a checkpoint of a job without dispatch settings");
}

/// <summary>A prefix tracker as a checkpoint carries it: the state to resume from and the history it shows.</summary>
public sealed record PrefixCheckpoint(string State, PrefixHistory History);
