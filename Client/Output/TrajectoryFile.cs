using Ensemble.Client.Commands;
using Ensemble.Jobs.Errors;

namespace Ensemble.Client.Output;

/// <summary>
/// Where a rerun writes its trajectory: --out, or results/JOB/rerun-r.csv. Checked before the
/// work; written under a temporary name in the same folder and renamed into place only once the
/// realisation has run, so a refused or failed rerun leaves no file (and no folder it created).
/// </summary>
public sealed class TrajectoryFile
{
    private TrajectoryFile(string path) => Path = path;

    public string Path { get; }

    public static TrajectoryFile Prepare(string? output, string jobId, uint index)
    {
        string path = output is null
            ? SafePath.Inside(ResultsFolder.DefaultFor(jobId), $"rerun-{index}.csv")
            : SafePath.OutValue(output, "--out", "a file path for the trajectory");
        if (Directory.Exists(path)) throw Refused($"a file path for the trajectory, found a directory: {CommandErrors.OneLine(path)}");
        SafePath.CheckWritableFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, "--out");
        return new TrajectoryFile(path);
    }

    /// <summary>Runs <paramref name="work"/> writing to a temporary file, then renames it to <see cref="Path"/>; on failure removes what it made.</summary>
    public T Write<T>(Func<TextWriter, T> work)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var created = new List<string>();
        for (string? f = folder; f is not null && !Directory.Exists(f); f = System.IO.Path.GetDirectoryName(f)) created.Add(f);
        Directory.CreateDirectory(folder);
        string temporary = SafePath.TemporaryBeside(Path);
        try
        {
            T result;
            using (var writer = new StreamWriter(temporary)) result = work(writer);
            File.Move(temporary, Path, overwrite: true);
            created.Clear();
            return result;
        }
        finally
        {
            File.Delete(temporary);
            foreach (string f in created) TryRemoveEmpty(f);
        }
    }

    private static void TryRemoveEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (IOException)
        {
            // Someone else put something there meanwhile: leave it.
        }
    }

    private static EnsembleException Refused(string reason) => new(ErrorKind.InvalidOption, "--out", reason);
}
