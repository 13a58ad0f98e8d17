namespace Ensemble.Tests.Support.Postgres;

/// <summary>Locates a folder holding the PostgreSQL server tools initdb and pg_ctl.</summary>
internal static class LocalPostgresBinaries
{
    private static readonly string Suffix = OperatingSystem.IsWindows() ? ".exe" : string.Empty;

    /// <summary>Returns the bin folder, or null when no usable installation is found.</summary>
    public static async Task<string?> FindAsync()
    {
        // Debian/Ubuntu install server tools off PATH, one folder per major version; RHEL uses /usr/pgsql-N.
        var versioned = VersionedFolders("/usr/lib/postgresql", "*", "bin")
            .Concat(VersionedFolders("/usr", "pgsql-*", "bin"))
            .OrderByDescending(folder => folder.Version)
            .Select(folder => folder.Path);
        foreach (var folder in versioned)
        {
            if (HasServerTools(folder)) return folder;
        }

        // pg_config knows where its own installation keeps the server tools (Homebrew, source builds).
        var pgConfig = FindOnPath("pg_config");
        if (pgConfig is not null)
        {
            try
            {
                var result = await ProcessRunner.RunAsync(pgConfig, ["--bindir"], TimeSpan.FromSeconds(10));
                var folder = result.StandardOutput.Trim();
                if (result.ExitCode == 0 && HasServerTools(folder)) return folder;
            }
            catch (ProcessFailedException)
            {
                // A broken pg_config just means we keep looking.
            }
        }

        var initdb = FindOnPath("initdb");
        var onPath = initdb is null ? null : Path.GetDirectoryName(initdb);
        return onPath is not null && HasServerTools(onPath) ? onPath : null;
    }

    public static string Tool(string binFolder, string name) => Path.Combine(binFolder, name + Suffix);

    private static bool HasServerTools(string folder) =>
        IsUsableFile(Tool(folder, "initdb")) && IsUsableFile(Tool(folder, "pg_ctl"));

    // File.Exists is true for a dangling symlink (e.g. /usr/local/bin/initdb left behind by an uninstall).
    private static bool IsUsableFile(string path) =>
        File.Exists(path) && (File.ResolveLinkTarget(path, returnFinalTarget: true)?.Exists ?? true);

    private static IEnumerable<(string Path, Version Version)> VersionedFolders(string root, string pattern, string bin)
    {
        if (!Directory.Exists(root)) yield break;
        foreach (var dir in Directory.EnumerateDirectories(root, pattern))
        {
            // "15" or "pgsql-16" -> numeric version, so 10 sorts above 9.6.
            var name = Path.GetFileName(dir);
            var digits = name[(name.LastIndexOf('-') + 1)..];
            if (!Version.TryParse(digits.Contains('.') ? digits : digits + ".0", out var version)) continue;
            yield return (Path.Combine(dir, bin), version);
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name + Suffix))
            .FirstOrDefault(IsUsableFile);
    }
}
