using Ensemble.Grains.Interfaces;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Grains.Jobs;

/// <summary>
/// The per-realisation books of a job and its accumulator. <see cref="Record"/> folds a
/// realisation into the estimates only if it was still pending: a report delivered twice (a retry
/// racing a slow first attempt, a duplicate message) is counted once.
/// </summary>
public sealed class JobLedger(JobState state, EnsembleAccumulator accumulator)
{
    public EnsembleAccumulator Accumulator => accumulator;
    public int Total => state.States.Length;
    public int Succeeded { get; private set; } = state.States.Count(s => s == (byte)RealisationState.Succeeded);
    public int Failed { get; private set; } = state.States.Count(s => s == (byte)RealisationState.Failed);
    public int Abandoned { get; private set; } = state.States.Count(s => s == (byte)RealisationState.Abandoned);
    public int InFlight { get; set; }

    public static JobState NewState(int realisations) => new()
    {
        States = new byte[realisations],
        Checksums = new ulong[realisations],
        Attempts = new byte[realisations],
    };

    public IEnumerable<uint> Pending()
    {
        for (uint i = 0; i < state.States.Length; i++)
            if (state.States[i] == (byte)RealisationState.Pending) yield return i;
    }

    public bool IsPending(uint index) => state.States[index] == (byte)RealisationState.Pending;

    public int Attempts(uint index) => state.Attempts[index];

    /// <summary>Counts a new attempt and returns its number (1 for the first).</summary>
    public int BeginAttempt(uint index)
    {
        if (state.Attempts[index] < byte.MaxValue) state.Attempts[index]++;
        if (state.Attempts[index] > 1) state.Retries++;
        return state.Attempts[index];
    }

    /// <summary>Records a report; true if it was folded in or recorded now, false for a duplicate.</summary>
    public bool Record(RealisationReport report)
    {
        uint i = report.Index;
        if (!IsPending(i))
        {
            state.DuplicateReports++;
            return false;
        }
        state.Checksums[i] = report.Checksum;
        if (report.Succeeded)
        {
            accumulator.Add(report.Observables);
            state.States[i] = (byte)RealisationState.Succeeded;
            Succeeded++;
        }
        else
        {
            state.States[i] = (byte)RealisationState.Failed;
            state.Failures[i] = report.FailureReason ?? "failed";
            Failed++;
        }
        return true;
    }

    public void Abandon(uint index, string reason)
    {
        if (!IsPending(index)) return;
        state.States[index] = (byte)RealisationState.Abandoned;
        state.Failures[index] = reason;
        Abandoned++;
    }

    public RealisationRecord Describe(uint index) => new(index, (RealisationState)state.States[index], state.Checksums[index],
        state.Attempts[index], state.Failures.GetValueOrDefault(index));
}
