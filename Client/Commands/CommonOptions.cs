using System.CommandLine;
using Ensemble.Jobs.Submissions;
using JobIdGrammar = Ensemble.Jobs.Contracts.JobId;

namespace Ensemble.Client.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public static Argument<string> Job() => new Argument<string>("job") { Description = $"job id ({JobIdGrammar.Grammar})" }.AsJobId();

    public static Option<int> Realisations() => new Option<int>("--realisations", "-r")
    {
        Description = "number of realisations R",
        DefaultValueFactory = _ => 64,
    }.Within(1, SubmissionValidator.MaxRealisations);

    public static Option<ulong> Seed() => new Option<ulong>("--seed") { Description = "master seed", DefaultValueFactory = _ => 1 }.Within(0UL, ulong.MaxValue);

    public static Option<string?> JobId() => new Option<string?>("--job")
    {
        Description = $"job id (default: the spec file's name and the time); {JobIdGrammar.Grammar}",
    }.AsJobId();

    public static Option<int> MaxInFlight() => new Option<int>("--max-in-flight")
    {
        Description = "realisations dispatched and not yet reported",
        DefaultValueFactory = _ => 64,
    }.Within(1, int.MaxValue);

    /// <summary>Refuse to write into a folder that holds another job's results.</summary>
    public static Option<bool> Force() => new("--force") { Description = "write into --out even if it holds another job's results" };

    /// <summary>The spec file's name and the time, made into a valid job id (other characters become '_').</summary>
    public static string DefaultJobId(FileInfo spec) =>
        JobIdGrammar.From(Path.GetFileNameWithoutExtension(spec.Name), JobIdGrammar.MaxLength - 16) + $"-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
}
