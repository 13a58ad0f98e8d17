using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;

namespace Ensemble.Jobs.Rerun;

/// <summary>The verdict of a rerun: what was recomputed, what the job had recorded, and whether they agree.</summary>
public sealed record RerunVerdict(uint Index, RealisationResult Result, RealisationRecord? Recorded, bool? Reproduced, string Explanation);

/// <summary>
/// Recomputes realisation r of a job from its definition alone — anywhere, no cluster needed —
/// optionally writing the trajectory, and compares the outcome with the job's record: the final
/// state's checksum for a success, the failure reason for a numerical failure.
/// </summary>
public static class RealisationRerun
{
    public static RerunVerdict Run(JobDefinition definition, uint index, RealisationRecord? recorded, RunOptions? options = null)
    {
        CheckIndex(definition, index);
        var simulator = Simulator.Create(SpecJson.Parse(definition.SpecJson));
        var result = simulator.Run(new RealisationSeed(definition.MasterSeed, index), options);
        var (reproduced, explanation) = Compare(index, result.Succeeded, result.Checksum, result.Failure?.Reason, recorded);
        return new RerunVerdict(index, result, recorded, reproduced, explanation);
    }

    /// <summary>Refuses an index outside the job, naming <paramref name="field"/>.</summary>
    public static void CheckIndex(JobDefinition definition, uint index, string field = "seed")
    {
        if (index >= definition.Realisations)
            throw new JobRejectedException(ErrorKind.InvalidRequest, field, $"a realisation index in [0, {definition.Realisations - 1}], found {index}");
    }

    /// <summary>
    /// Compares a recomputed outcome with the job's record: the checksum for a success, the failure
    /// reason for a numerical failure; null when the job has no outcome recorded.
    /// </summary>
    public static (bool? Reproduced, string Explanation) Compare(uint index, bool succeeded, ulong checksum, string? failure, RealisationRecord? recorded)
    {
        string computed = succeeded ? $"checksum {StateChecksum.Format(checksum)}" : $"failure \"{failure}\"";
        switch (recorded?.State)
        {
            case RealisationState.Succeeded:
                bool same = succeeded && checksum == recorded.Checksum;
                return (same, same
                    ? $"reproduced: {computed} equals the job's record"
                    : $"NOT reproduced: recomputed {computed}, the job recorded checksum {StateChecksum.Format(recorded.Checksum)}");
            case RealisationState.Failed:
                bool sameFailure = !succeeded && failure == recorded.FailureReason;
                return (sameFailure, sameFailure
                    ? $"reproduced: the same numerical failure, \"{recorded.FailureReason}\""
                    : $"NOT reproduced: recomputed {computed}, the job recorded failure \"{recorded.FailureReason}\"");
            default:
                return (null, $"recomputed {computed}; the job has no outcome recorded for realisation {index} to compare with");
        }
    }
}
