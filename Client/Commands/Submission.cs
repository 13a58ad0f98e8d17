using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;

namespace Ensemble.Client.Commands;

/// <summary>Reads a spec file and builds the submission (the spec is checked here too, for a fast clear error).</summary>
public static class Submission
{
    public static JobSubmission From(FileInfo specFile, int realisations, ulong seed, string? name, int maxInFlight)
    {
        if (!specFile.Exists) throw new FileNotFoundException($"spec file not found: {specFile.FullName}", specFile.FullName);
        if (realisations < 1) throw new EnsembleException(ErrorKind.InvalidOption, "--realisations", $"at least 1, found {realisations}");
        if (maxInFlight < 1) throw new EnsembleException(ErrorKind.InvalidOption, "--max-in-flight", $"at least 1, found {maxInFlight}");
        string json = File.ReadAllText(specFile.FullName);
        SpecJson.Parse(json);
        return new JobSubmission { SpecJson = json, Realisations = realisations, MasterSeed = seed, Name = name, MaxInFlight = maxInFlight };
    }
}
