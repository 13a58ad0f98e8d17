using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Reading;
using Ensemble.Storage.Jobs;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// Where the dashboard reads a job, the way the CLI's <c>status</c> does: with a database, a job that finished there is read
/// from its tables (so it shows after its silo is gone); any other job is asked of its coordinator grain, and the saved copy
/// answers when no coordinator does. Without a database: the coordinator.
/// </summary>
public sealed class JobSources(IGrainFactory grains, string? postgres) : IAsyncDisposable
{
    private static readonly TimeSpan GrainPatience = TimeSpan.FromSeconds(5);

    private readonly JobReader? _database = postgres is null ? null : PostgresJobArchive.OpenReader(postgres);

    public IGrainFactory Grains => grains;

    /// <summary>The view of one job; <see cref="JobRejectedException"/> (unknown job) when neither the grain nor the database knows it.</summary>
    public async Task<IJobReading> OpenAsync(string jobId, CancellationToken cancellation)
    {
        JobId.Checked(jobId, "id");
        JobStatusReport? saved = null;
        if (_database is not null)
        {
            try
            {
                saved = await _database.StatusAsync(jobId, cancellation);
                if (saved.IsFinished) return new DatabaseJobReading(_database, jobId);
            }
            catch (EnsembleException e) when (e.Kind == ErrorKind.UnknownJob)
            {
                // Not saved (yet): the coordinator may still know it.
            }
        }
        var grain = grains.GetGrain<IJobGrain>(jobId);
        try
        {
            if (await grain.GetDefinition().WaitAsync(GrainPatience, cancellation) is null) throw JobRejectedException.UnknownJob(jobId);
            return new GrainJobReading(grain, _database);
        }
        catch (Exception e) when (saved is not null && e is not OperationCanceledException && e is not EnsembleException)
        {
            return new DatabaseJobReading(_database!, jobId);
        }
    }

    /// <summary>Every job known (the database's list when there is one, else the cluster's registry), with its status now.</summary>
    public async Task<IReadOnlyList<(JobListing Listing, JobStatusReport Status)>> ListAsync(CancellationToken cancellation)
    {
        var jobs = new List<(JobListing, JobStatusReport)>();
        if (_database is not null)
        {
            foreach (var (listing, saved) in await _database.ListAsync(cancellation))
                jobs.Add((listing, saved.IsFinished ? saved : await LiveOr(listing.JobId, saved, cancellation)));
            return jobs;
        }
        foreach (var listing in await grains.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).List())
        {
            try
            {
                jobs.Add((listing, await grains.GetGrain<IJobGrain>(listing.JobId).GetStatus().WaitAsync(GrainPatience, cancellation)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One coordinator that cannot answer now (a silo hand-over) must not hide the others; it is listed again next time.
            }
        }
        return jobs;
    }

    public ValueTask DisposeAsync() => _database?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<JobStatusReport> LiveOr(string jobId, JobStatusReport saved, CancellationToken cancellation)
    {
        try
        {
            return await grains.GetGrain<IJobGrain>(jobId).GetStatus().WaitAsync(GrainPatience, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return saved with { Throughput = 0, EstimatedRemaining = null };
        }
    }
}
