using System.Globalization;
using System.Text.Json;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Output;

/// <summary>
/// A finished job on disk: estimates.csv and estimates.json, job.json (spec, seed, realisations:
/// all a rerun needs) and realisations.csv (index,state,checksum,attempts,failure), so any seed can
/// be rerun and verified later without a cluster.
/// </summary>
public static class ResultsFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultFor(string jobId) => Path.Combine("results", jobId);

    public static void Write(string folder, JobDefinition definition, EstimatesReport estimates, IEnumerable<RealisationRecord> realisations)
    {
        Directory.CreateDirectory(folder);
        using (var csv = new StreamWriter(Path.Combine(folder, "estimates.csv"))) EstimatesOutput.WriteCsv(csv, estimates);
        using (var json = new StreamWriter(Path.Combine(folder, "estimates.json"))) EstimatesOutput.WriteJson(json, estimates);
        File.WriteAllText(Path.Combine(folder, "job.json"), JsonSerializer.Serialize(definition, Json));
        using var records = new StreamWriter(Path.Combine(folder, "realisations.csv"));
        records.WriteLine("index,state,checksum,attempts,failure");
        foreach (var r in realisations)
            records.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Index},{r.State.ToString().ToLowerInvariant()},{r.Checksum:x16},{r.Attempts},{Quote(r.FailureReason)}"));
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
