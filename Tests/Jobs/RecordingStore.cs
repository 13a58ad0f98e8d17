using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Coordination;
using Ensemble.Jobs.Ledger;

namespace Ensemble.Tests.Jobs;

/// <summary>
/// A book store for the job layer's unit tests: it follows whatever rules the test gives it, can be
/// slow or fail a number of times, and remembers what each checkpoint carried. (The real stores —
/// grain state and PostgreSQL — have their own tests against a real cluster and a real server.)
/// </summary>
public sealed class RecordingStore(BookStoreRules rules) : IJobBookStore
{
    private bool _saving;

    public BookStoreRules Rules => rules;
    public TimeSpan SaveDelay { get; init; }

    /// <summary>How many of the next saves fail (after their delay).</summary>
    public int FailNext { get; set; }

    public int Saves { get; private set; }
    public int Failures { get; private set; }
    public bool Overlapped { get; private set; }

    /// <summary>Indices of the realisations in saves that succeeded, in the order saved.</summary>
    public List<uint> Saved { get; } = [];

    /// <summary>The summary of every checkpoint that succeeded, in order.</summary>
    public List<JobSummary> Summaries { get; } = [];

    public List<JobCheckpoint> Checkpoints { get; } = [];

    /// <summary>Called while a save is in progress (after its delay, before it succeeds or fails).</summary>
    public Action? DuringSave { get; set; }

    public Task<JobBooks?> LoadAsync(JobState state, CancellationToken cancellation) => Task.FromResult<JobBooks?>(null);

    public async Task SaveAsync(JobCheckpoint checkpoint, CancellationToken cancellation)
    {
        Overlapped |= _saving;
        _saving = true;
        try
        {
            if (SaveDelay > TimeSpan.Zero) await Task.Delay(SaveDelay, cancellation);
            else await Task.Yield();
            DuringSave?.Invoke();
            if (FailNext > 0)
            {
                FailNext--;
                Failures++;
                throw new IOException("injected storage outage");
            }
            Saves++;
            Saved.AddRange(checkpoint.Recorded.Select(r => r.Index));
            Summaries.Add(checkpoint.Summary);
            Checkpoints.Add(checkpoint);
        }
        finally
        {
            _saving = false;
        }
    }
}
