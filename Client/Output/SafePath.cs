using Ensemble.Client.Commands;
using Ensemble.Jobs.Errors;
using JobIdGrammar = Ensemble.Jobs.Contracts.JobId;

namespace Ensemble.Client.Output;

/// <summary>
/// Paths built from user input that provably stay where they belong: a job's folder under the
/// results root, a file under its folder (full paths compared, so "..", separators or an absolute
/// name cannot leave it), and --out values checked before any work.
/// </summary>
public static class SafePath
{
    /// <summary><paramref name="root"/>/<paramref name="jobId"/>, refused unless the id is valid and the full path lies inside the root.</summary>
    public static string Under(string root, string jobId)
    {
        JobIdGrammar.Checked(jobId, "job id");
        return Inside(root, jobId);
    }

    /// <summary><paramref name="folder"/>/<paramref name="name"/> for a name that must not leave the folder.</summary>
    public static string Inside(string folder, string name)
    {
        string parent = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        string full = Path.GetFullPath(Path.Combine(parent, name));
        if (!full.StartsWith(parent, StringComparison.Ordinal) || full.Length == parent.Length)
            throw new EnsembleException(ErrorKind.InvalidOption, "path", $"a name inside {CommandErrors.OneLine(folder)}, found {CommandErrors.OneLine(name)}");
        return Path.Combine(folder, name);
    }

    /// <summary>An --out value: not empty, one line; refused naming <paramref name="option"/> and what it must be.</summary>
    public static string OutValue(string value, string option, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Refused(option, $"{what}, found an empty value");
        if (value.Any(char.IsControl)) throw Refused(option, $"{what} without control characters or line breaks, found \"{CommandErrors.OneLine(value)}\"");
        return value;
    }

    /// <summary>
    /// Refuses a folder that could not be written, without creating it: a file is in the way (the
    /// folder itself or one above it), or creating a file in the nearest existing folder fails.
    /// </summary>
    public static void CheckWritableFolder(string folder, string option)
    {
        string? existing = Path.GetFullPath(folder);
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw Refused(option, existing == Path.GetFullPath(folder)
                    ? $"a folder, found an existing file: {CommandErrors.OneLine(folder)}"
                    : $"a folder path, but {CommandErrors.OneLine(existing)} is a file");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) return;
        try
        {
            string probe = Path.Combine(existing, $".ensemble-write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(option, $"a folder this user can write, but {CommandErrors.OneLine(existing)} is not ({e.Message})");
        }
    }

    /// <summary>Writes a file through a temporary name in the same folder and an atomic rename, so a reader never sees half a file.</summary>
    public static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string temporary = TemporaryBeside(path);
        try
        {
            using (var writer = new StreamWriter(temporary)) write(writer);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc cref="WriteAtomically(string, Action{TextWriter})"/>
    public static async Task WriteAtomicallyAsync(string path, Func<TextWriter, Task> write)
    {
        string temporary = TemporaryBeside(path);
        try
        {
            await using (var writer = new StreamWriter(temporary)) await write(writer);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A name in the same folder as <paramref name="path"/>, so the final rename does not cross file systems.</summary>
    public static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");

    private static EnsembleException Refused(string option, string reason) => new(ErrorKind.InvalidOption, option, reason);
}
