using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Storage.Jobs;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Rerun;
using Ensemble.Simulation.Engine;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>rerun JOB --seed r</c>: recomputes one realisation in this process from the job's definition
/// (from --from DIR; else from the database given by --postgres or ENSEMBLE_POSTGRES; else from
/// results/JOB if it exists; else from the cluster), writes its trajectory and
/// says whether it reproduced the job's record. With <c>--on-silo</c> a silo of the cluster
/// recomputes it instead (a fresh realisation grain; no trajectory comes back), which checks that
/// silo's binary and CPU against the record.
/// </summary>
public static class RerunCommand
{
    public static Command Create()
    {
        var job = CommonOptions.Job();
        var seed = new Option<uint>("--seed") { Description = "realisation index r", Required = true }.Within(0u, uint.MaxValue);
        var output = new Option<string?>("--out") { Description = "trajectory CSV (default results/<job>/rerun-<r>.csv)" };
        var everyStep = new Option<bool>("--every-step") { Description = "write every step, not only the output times" };
        var from = new Option<string?>("--from") { Description = "results folder of the job (default results/<job> if it exists, else the cluster)" };
        var onSilo = new Option<bool>("--on-silo") { Description = "recompute on a silo of the cluster instead of here (no trajectory)" };
        var command = new Command("rerun", "recompute one realisation bit for bit and verify it against the job's record")
            { job, seed, output, everyStep, from, onSilo };
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            string jobId = r.GetValue(job)!;
            uint index = r.GetValue(seed);
            var where = target.Resolve(r);
            if (r.GetValue(onSilo)) return await OnSilo(jobId, index, where, cancellation);
            // Where the trajectory goes is checked first; it is written only once the realisation has run.
            var trajectory = TrajectoryFile.Prepare(r.GetValue(output), jobId, index);
            string? explicitFolder = r.GetValue(from) is { } given ? SafePath.OutValue(given, "--from", "a results folder path") : null;
            string folder = explicitFolder ?? ResultsFolder.DefaultFor(jobId);
            // A database given (option or environment) is the record to check against, unless a
            // folder is named; a leftover results/<job> from an earlier run must not shadow it.
            var saved = explicitFolder is null && where.Postgres is not null ? null : ResultsFolder.ReadDefinition(folder);
            if (saved is null && explicitFolder is not null)
                throw new FileNotFoundException($"--from {explicitFolder}: no job.json there (expected the folder `run` wrote)");
            var (definition, recorded) = saved is not null
                ? (saved, ResultsFolder.ReadRealisation(folder, index))
                : await Recorded(jobId, index, where, cancellation);
            RealisationRerun.CheckIndex(definition, index, "--seed"); // before any file is created

            var verdict = trajectory.Write(writer => RealisationRerun.Run(definition, index, recorded, new RunOptions
            {
                Trajectory = r.GetValue(everyStep) ? TrajectoryRecording.EveryStep : TrajectoryRecording.OutputTimes,
                TrajectoryWriter = writer,
            }));
            AnsiConsole.MarkupLineInterpolated($"trajectory of realisation {index} written to {trajectory.Path}");
            return Verdict(verdict.Reproduced, verdict.Explanation);
        }));
        return command;
    }

    private static async Task<int> OnSilo(string jobId, uint index, ClusterTarget target, CancellationToken cancellation)
    {
        await using var connection = await ClusterConnection.ConnectAsync(target, cancellation);
        var job = connection.Client.GetGrain<IJobGrain>(jobId);
        var definition = await job.GetDefinition() ?? throw JobRejectedException.UnknownJob(jobId);
        RealisationRerun.CheckIndex(definition, index, "--seed");
        var recorded = await job.GetRealisation(index);
        // A key of its own, so the rerun never shares an activation with the job's attempts.
        var grain = connection.Client.GetGrain<IRealisationGrain>($"{jobId}/{index}/rerun-{Guid.NewGuid():N}");
        var report = await grain.Run(new RealisationAssignment(jobId, definition.SpecJson, definition.MasterSeed, index, 0), cancellation);
        var (reproduced, explanation) = RealisationRerun.Compare(index, report.Succeeded, report.Checksum, report.FailureReason, recorded);
        AnsiConsole.MarkupLineInterpolated($"realisation {index} recomputed on silo {report.Silo} in {report.Milliseconds:F0} ms");
        return Verdict(reproduced, explanation);
    }

    /// <summary>
    /// The verdict on stdout and its exit code: 0 reproduced; 5 not reproduced; 7 when the job has
    /// no outcome recorded for the seed (never recorded, or abandoned), so nothing was verified.
    /// </summary>
    private static int Verdict(bool? reproduced, string explanation)
    {
        string colour = reproduced switch { true => "green", false => "red", null => "yellow" };
        AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(explanation)}[/]");
        return reproduced switch
        {
            true => 0,
            false => CommandErrors.NotReproduced,
            null => CommandErrors.Fail("nothing to verify against: the job has no outcome recorded for this realisation", CommandErrors.NothingToVerify),
        };
    }

    /// <summary>The job's definition and the record of realisation <paramref name="index"/>, from the database or the coordinator.</summary>
    private static async Task<(JobDefinition, RealisationRecord?)> Recorded(string jobId, uint index, ClusterTarget target, CancellationToken cancellation)
    {
        if (target.Postgres is { } postgres)
        {
            await using var reader = PostgresJobArchive.OpenReader(postgres);
            return await Read(new DatabaseJobView(reader, jobId));
        }
        await using var connection = await ClusterConnection.ConnectAsync(target, cancellation);
        return await Read(new GrainJobView(connection.Client.GetGrain<IJobGrain>(jobId)));

        async Task<(JobDefinition, RealisationRecord?)> Read(IJobView job)
        {
            var definition = await job.GetDefinition();
            RealisationRerun.CheckIndex(definition, index, "--seed");
            return (definition, await job.GetRealisation(index));
        }
    }
}
