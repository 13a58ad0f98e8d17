using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Submissions;
using Ensemble.Simulation.Specs;

namespace Ensemble.Client.Commands;

/// <summary>Reads a spec file and builds the submission (the spec is checked here too, for a fast clear error).</summary>
public static class Submission
{
    public static JobSubmission From(FileInfo specFile, int realisations, ulong seed, string? name, int maxInFlight)
    {
        if (realisations is < 1 or > SubmissionValidator.MaxRealisations)
            throw new EnsembleException(ErrorKind.InvalidOption, "--realisations", $"from 1 to {SubmissionValidator.MaxRealisations}, found {realisations}");
        if (maxInFlight < 1) throw new EnsembleException(ErrorKind.InvalidOption, "--max-in-flight", $"at least 1, found {maxInFlight}");
        string json = SpecFile.Read(specFile);
        SpecJson.Parse(json);
        return new JobSubmission { SpecJson = json, Realisations = realisations, MasterSeed = seed, Name = name, MaxInFlight = maxInFlight };
    }

    /// <summary>The job's identity as the coordinator will record it (canonical spec text), to compare with a results folder's job.json.</summary>
    public static JobDefinition Definition(string jobId, JobSubmission submission) =>
        SubmissionValidator.Validate(jobId, submission, new DispatchOptions()).Definition;
}
