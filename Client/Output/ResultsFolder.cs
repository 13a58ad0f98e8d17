using System.Globalization;
using System.Text.Json;
using Ensemble.Grains.Interfaces;
using Ensemble.Client.Commands;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Limits.Reporting;

namespace Ensemble.Client.Output;

/// <summary>
/// A finished job on disk: estimates.csv and estimates.json, job.json (spec, seed, realisations:
/// all a rerun needs) and realisations.csv (index,state,checksum,attempts,failure), so any seed can
/// be rerun and verified later without a cluster; for a spec with a solved limit, limit.csv (its
/// moments) and limit_density.csv (its cell averages).
/// </summary>
public static class ResultsFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public const string LimitFile = "limit.csv";
    public const string LimitDensityFile = "limit_density.csv";

    private static readonly string[] Files = ["estimates.csv", "estimates.json", "job.json", "realisations.csv", LimitFile, LimitDensityFile];

    /// <summary>results/JOB, for a valid job id only; the path provably stays under results/.</summary>
    public static string DefaultFor(string jobId) => SafePath.Under("results", jobId);

    /// <summary>
    /// The folder a run will write, checked before any work: --out must be a folder path this user
    /// can write, and a folder holding another job's results (a job.json with another identity, or
    /// result files without one) is refused unless <paramref name="force"/>.
    /// </summary>
    public static string Prepare(string? output, JobDefinition definition, bool force)
    {
        string folder = output is null ? DefaultFor(definition.JobId) : SafePath.OutValue(output, "--out", "a folder path");
        if (!force && Directory.Exists(folder) && Owner(folder, definition) is { } other)
            throw new EnsembleException(ErrorKind.Conflict, "--out",
                $"a folder for job '{definition.JobId}', but {CommandErrors.OneLine(folder)} holds {other}; choose another folder or pass --force");
        SafePath.CheckWritableFolder(folder, "--out");
        return folder;
    }

    /// <summary>How many records one call to the coordinator returns: memory and message size stay bounded at any R.</summary>
    public const int RecordsPage = 65_536;

    /// <summary>
    /// Writes the folder, reading the records from the coordinator a page at a time; returns the first
    /// few realisations that did not succeed, for the summary.
    /// </summary>
    public static async Task<IReadOnlyList<RealisationRecord>> WriteAsync(string folder, JobDefinition definition, EstimatesReport estimates,
        Func<uint, int, Task<RealisationRecord[]>> readRecords, int unsuccessfulToKeep = 5, LimitReport? limit = null)
    {
        Directory.CreateDirectory(folder);
        WriteLimit(folder, limit);
        SafePath.WriteAtomically(SafePath.Inside(folder, "estimates.csv"), w => EstimatesOutput.WriteCsv(w, estimates));
        SafePath.WriteAtomically(SafePath.Inside(folder, "estimates.json"), w => EstimatesOutput.WriteJson(w, estimates));
        var unsuccessful = new List<RealisationRecord>();
        await SafePath.WriteAtomicallyAsync(SafePath.Inside(folder, "realisations.csv"), async records =>
        {
            await records.WriteLineAsync("index,state,checksum,attempts,failure");
            for (long from = 0; from < definition.Realisations; from += RecordsPage)
            {
                int count = (int)Math.Min(RecordsPage, definition.Realisations - from);
                foreach (var r in await readRecords((uint)from, count))
                {
                    await records.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Index},{r.State.ToString().ToLowerInvariant()},{r.Checksum:x16},{r.Attempts},{Quote(r.FailureReason)}"));
                    if (r.State != RealisationState.Succeeded && unsuccessful.Count < unsuccessfulToKeep) unsuccessful.Add(r);
                }
            }
        });
        // Last: a folder with job.json is a complete one.
        SafePath.WriteAtomically(SafePath.Inside(folder, "job.json"), w => w.Write(JsonSerializer.Serialize(definition, Json)));
        return unsuccessful;
    }

    /// <summary>The limit's files when there is a solved limit; otherwise none (an older run's are removed, so the folder says no limit).</summary>
    private static void WriteLimit(string folder, LimitReport? limit)
    {
        string moments = SafePath.Inside(folder, LimitFile), densities = SafePath.Inside(folder, LimitDensityFile);
        if (limit is not { HasLimit: true })
        {
            File.Delete(moments);
            File.Delete(densities);
            return;
        }
        SafePath.WriteAtomically(moments, w => LimitCsv.WriteMoments(w, limit.Moments));
        SafePath.WriteAtomically(densities, w => LimitCsv.WriteDensities(w, limit.Tables));
    }

    /// <summary>Whose results a folder holds, when they are not <paramref name="definition"/>'s: null when none or the same job.</summary>
    private static string? Owner(string folder, JobDefinition definition)
    {
        JobDefinition? existing;
        try
        {
            existing = ReadDefinition(folder);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return "an unreadable job.json";
        }
        if (existing is null) return Files.Any(f => File.Exists(Path.Combine(folder, f))) ? "result files without a job.json" : null;
        bool same = existing.JobId == definition.JobId && existing.SpecJson == definition.SpecJson
            && existing.Realisations == definition.Realisations && existing.MasterSeed == definition.MasterSeed;
        return same ? null : existing.JobId == definition.JobId
            ? $"the results of another definition of job '{CommandErrors.OneLine(existing.JobId)}'"
            : $"the results of job '{CommandErrors.OneLine(existing.JobId)}'";
    }

    public static JobDefinition? ReadDefinition(string folder)
    {
        string path = Path.Combine(folder, "job.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<JobDefinition>(File.ReadAllText(path), Json) : null;
    }

    public static RealisationRecord? ReadRealisation(string folder, uint index)
    {
        string path = Path.Combine(folder, "realisations.csv");
        if (!File.Exists(path)) return null;
        string prefix = index.ToString(CultureInfo.InvariantCulture) + ",";
        string? line = File.ReadLines(path).Skip(1).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null) return null;
        string[] f = line.Split(',', 5);
        return new RealisationRecord(index, Enum.Parse<RealisationState>(f[1], ignoreCase: true),
            ulong.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture),
            f[4].Length == 0 ? null : f[4].Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal));
    }

    private static string Quote(string? text) =>
        text is null ? "" : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
