using System.CommandLine;
using Ensemble.Client.Cluster;
using Ensemble.Grains.Hosting;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Spectre.Console;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>run SPEC</c>: the embedded default. Starts a silo in this process, runs the job with a live
/// progress bar, prints the estimates (and, for a spec with a limit, their comparison with it) and
/// writes them (CSV, JSON) with the job's records and its limit's tables to DIR.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "simulation spec (JSON), e.g. examples/w1.json" };
        var realisations = CommonOptions.Realisations();
        var seed = CommonOptions.Seed();
        var job = CommonOptions.JobId();
        var maxInFlight = CommonOptions.MaxInFlight();
        var output = new Option<string?>("--out") { Description = "folder for estimates and records (default results/<job>)" };
        var workers = new Option<int?>("--workers") { Description = "simulation threads (default: one per core)" }.Within(1, 4096);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "persist the job to this PostgreSQL database (default: in memory); the embedded silo joins the silos registered there",
        };
        var force = CommonOptions.Force();
        var noReport = new Option<bool>("--no-report") { Description = "skip the report (report.md and PNG figures in DIR/report)" };
        var dashboard = new DashboardOptionsCli(defaultUrls: "http://127.0.0.1:0");
        var command = new Command("run", "run a job on an embedded silo and print its estimates")
            { spec, realisations, seed, job, maxInFlight, output, workers, postgres, force, noReport };
        dashboard.AddTo(command);
        command.SetAction((r, cancellation) => CommandErrors.Guard(async () =>
        {
            var file = r.GetValue(spec)!;
            string jobId = r.GetValue(job) ?? CommonOptions.DefaultJobId(file);
            var submission = Submission.From(file, r.GetValue(realisations), r.GetValue(seed), jobId, r.GetValue(maxInFlight));
            var cost = CostOutput.Estimate(submission, checkBudgets: true);
            // Only an explicit option: ENSEMBLE_POSTGRES, meant for a shared cluster, must not pull
            // every embedded run into it.
            string? database = r.GetValue(postgres) is { } given ? ClusterTargetOptions.Checked(given) : null;
            // Where the results go is checked before any work, so a bad --out loses nothing.
            string folder = ResultsFolder.Prepare(r.GetValue(output), Submission.Definition(jobId, submission), r.GetValue(force));
            await using var cluster = await EmbeddedCluster.StartAsync(r.GetValue(workers), database, cancellation);
            var grain = cluster.Client.GetGrain<IJobGrain>(jobId);
            await grain.Submit(submission);
            CostOutput.Print(cost);
            await using var web = await dashboard.StartAsync(r, cluster.Client, database, cancellation);
            if (web is not null) AnsiConsole.MarkupLineInterpolated($"dashboard: {web.Url}/jobs/{jobId}");
            var status = await ProgressDisplay.FollowAsync(grain, cancellation);
            var estimates = await grain.GetEstimates(new EstimateQuery());
            EstimatesOutput.WriteTable(estimates, showHistogramBins: false, onlyTime: estimates.Rows.Length > 0 ? estimates.Rows.Max(x => x.Time) : null);
            var limit = await grain.GetLimit();
            LimitComparisonOutput.Write(estimates, limit);

            var unsuccessful = await ResultsFolder.WriteAsync(folder, (await grain.GetDefinition())!, estimates, grain.GetRealisations, limit: limit);
            AnsiConsole.MarkupLineInterpolated(
                $"{status.Succeeded} realisations succeeded, {status.Failed} failed, {status.Retries} retried; {status.Throughput:F1} realisations/s");
            if (status.StoppedAt is { } stopped)
                AnsiConsole.MarkupLineInterpolated(
                    $"stopped early: target met at R' = {stopped} (of at most R = {status.Total}); the estimates fold seeds 0 to {stopped - 1}");
            // A seed never run (the job failed or was cancelled first) has no reason to show.
            foreach (var failed in unsuccessful.Where(r => r.State != RealisationState.Pending))
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]realisation {failed.Index} {failed.State.ToString().ToLowerInvariant()}:[/] {failed.FailureReason}");
            AnsiConsole.MarkupLineInterpolated($"estimates and records written to {folder}/ (job {jobId}; rerun a seed with `rerun {jobId} --seed N`)");
            if (!r.GetValue(noReport) && status.Succeeded > 0)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                string markdown = await JobReportOutput.WriteAsync(new GrainJobView(grain), Path.Combine(folder, JobReportOutput.FolderName));
                AnsiConsole.MarkupLineInterpolated($"report written to {JobReportOutput.Describe(markdown)} ({clock.Elapsed.TotalSeconds:F1} s)");
            }
            if (web is not null && !Console.IsInputRedirected) await ServeUntilInterrupted(web.Url, jobId, cancellation);
            return CommandErrors.Finished(jobId, status);
        }));
        return command;
    }

    /// <summary>
    /// From a terminal, the page stays up once the job has ended (it is what the user opened it for) until Ctrl+C; a script
    /// (input redirected) gets its exit at once.
    /// </summary>
    private static async Task ServeUntilInterrupted(string url, string jobId, CancellationToken interrupted)
    {
        AnsiConsole.MarkupLineInterpolated($"dashboard still serving {url}/jobs/{jobId}; press Ctrl+C to stop it");
        try
        {
            await Task.Delay(Timeout.Infinite, interrupted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
