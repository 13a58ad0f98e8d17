using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary><c>submit SPEC [--wait]</c>: hands a job to a running cluster.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "simulation spec (JSON)" };
        var realisations = CommonOptions.Realisations();
        var seed = CommonOptions.Seed();
        var job = CommonOptions.JobId();
        var maxInFlight = CommonOptions.MaxInFlight();
        var wait = new Option<bool>("--wait") { Description = "follow the job with a progress bar until it finishes" };
        var giveUp = Duration.GiveUpAfter();
        var command = new Command("submit", "submit a job to a running cluster") { spec, realisations, seed, job, maxInFlight, wait, giveUp };
        var target = new ClusterTargetOptions().AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var file = r.GetValue(spec)!;
            string jobId = r.GetValue(job) ?? CommonOptions.DefaultJobId(file);
            var submission = Submission.From(file, r.GetValue(realisations), r.GetValue(seed), jobId, r.GetValue(maxInFlight));
            await using var followed = await FollowedJob.ConnectAsync(target.Resolve(r), jobId, r.GetValue(giveUp), cancellation);
            var status = await followed.Grain.Submit(submission);
            CostOutput.Print(CostOutput.Estimate(submission, checkBudgets: false));
            AnsiConsole.MarkupLineInterpolated($"submitted job {jobId}: {status.Total} realisations, master seed {submission.MasterSeed}");
            if (!r.GetValue(wait)) return 0;
            status = await ProgressDisplay.FollowAsync(followed, cancellation);
            return CommandErrors.Finished(jobId, status);
        }));
        return command;
    }
}
