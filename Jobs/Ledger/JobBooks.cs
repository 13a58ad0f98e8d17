using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Ledger;

/// <summary>
/// A job's per-realisation books (state, attempts, checksum, failure) and its accumulator, saved
/// together so that a realisation is never counted in one and missing from the other. Ten bytes a
/// realisation (state 1, attempts 1, checksum 8) plus the reason of each one that failed; where and
/// how long a realisation ran is never kept here (the database has it).
/// </summary>
[GenerateSerializer, Alias("Ensemble.JobBooks")]
public sealed class JobBooks
{
    /// <summary>The most realisations a job may have: the longest array .NET allocates (<see cref="Array.MaxLength"/>).</summary>
    public const int MaxRealisations = 0x7FFFFFC7;

    /// <summary>One <see cref="RealisationState"/> per realisation.</summary>
    [Id(0)] public byte[] States { get; set; } = [];

    [Id(1)] public ulong[] Checksums { get; set; } = [];
    [Id(2)] public byte[] Attempts { get; set; } = [];
    [Id(3)] public Dictionary<uint, string> Failures { get; set; } = [];
    [Id(4)] public long Retries { get; set; }

    /// <summary>The accumulator's state as JSON (see <see cref="AccumulatorJson"/>), as of the last save.</summary>
    [Id(5)] public string? Accumulator { get; set; }

    /// <summary>Reports that arrived for a realisation already recorded (ignored, counted for diagnosis).</summary>
    [Id(6)] public long DuplicateReports { get; set; }

    /// <summary>The prefix tracker's state as JSON (see <see cref="PrefixTracker.Save"/>), as of the last save.</summary>
    [Id(7)] public string? Prefix { get; set; }

    public static JobBooks New(int realisations) => new()
    {
        States = new byte[realisations],
        Checksums = new ulong[realisations],
        Attempts = new byte[realisations],
    };
}
