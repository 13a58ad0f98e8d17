using System.CommandLine;

namespace Ensemble.Client.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public static Argument<string> Job() => new("job") { Description = "job id" };

    public static Option<int> Realisations() => new("--realisations", "-r") { Description = "number of realisations R", DefaultValueFactory = _ => 64 };

    public static Option<ulong> Seed() => new("--seed") { Description = "master seed", DefaultValueFactory = _ => 1 };

    public static Option<string?> JobId() => new("--job") { Description = "job id (default: the spec file's name and the time)" };

    public static Option<int> MaxInFlight() => new("--max-in-flight")
    {
        Description = "realisations dispatched and not yet reported",
        DefaultValueFactory = _ => 64,
    };

    public static string DefaultJobId(FileInfo spec) => $"{Path.GetFileNameWithoutExtension(spec.Name)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
}
