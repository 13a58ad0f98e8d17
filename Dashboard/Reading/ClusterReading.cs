using Ensemble.Dashboard.Api;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Orleans.Runtime;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// The cluster as the operations page shows it: the silos from the membership table (through the management grain), each
/// active one's load (Orleans' runtime statistics) and simulation workload (its <see cref="ISiloWorkloadGrain"/>), and the
/// realisations in flight of every unfinished job. Silos are asked side by side, each within <see cref="SiloPatience"/>: a slow
/// or departing silo is shown as not answering instead of holding up the page. Not thread-safe: <see cref="OperationsEndpoints"/>
/// calls it through a cache that runs one read at a time.
/// </summary>
public sealed class ClusterReading(IGrainFactory grains, JobSources jobs, TimeProvider time)
{
    public static readonly TimeSpan SiloPatience = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan JobsPatience = TimeSpan.FromSeconds(3);

    /// <summary>Dead silos shown (the most recent): a long-lived membership table remembers every silo that ever left.</summary>
    public const int DeadSilosShown = 10;

    private readonly ClusterHistory _history = new(TimeSpan.FromMinutes(10));

    public async Task<OperationsJson> ReadAsync(CancellationToken cancellation)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(false, cancellation).WaitAsync(SiloPatience, cancellation);
        var shown = hosts.Where(h => h.Status != SiloStatus.Dead)
            .Concat(hosts.Where(h => h.Status == SiloStatus.Dead).OrderByDescending(h => h.IAmAliveTime).Take(DeadSilosShown))
            .OrderBy(h => h.Status == SiloStatus.Dead).ThenBy(h => h.StartTime).ToArray();
        var silosTask = Task.WhenAll(shown.Select(h => SiloAsync(management, h, cancellation)));
        var (listed, jobsProblem) = await ListJobsAsync(cancellation);
        var silos = await silosTask;
        var running = listed.Where(j => !j.Status.IsFinished)
            .OrderBy(j => j.Listing.SubmittedAt).ThenBy(j => j.Listing.JobId, StringComparer.Ordinal)
            .Select(j => new RunningJobJson(j.Status.JobId, j.Status.Name, j.Status.Status.ToString().ToLowerInvariant(), j.Status.InFlight,
                j.Status.Done, j.Status.Total, DashboardJson.Finite(j.Status.Throughput) ?? 0, SiloName(hosts, j.Status.Coordinator)))
            .ToArray();
        var now = time.GetUtcNow();
        var answering = silos.Where(s => s.Workers is not null).ToArray();
        var sample = _history.Add(now, answering.Sum(s => s.Realisations ?? 0), running.Sum(j => j.InFlight),
            jobsProblem is null ? listed.Select(j => (j.Listing.JobId, j.Status.Done)) : null);
        var totals = new ClusterTotalsJson(silos.Count(s => s.Status == "active"), answering.Sum(s => s.Workers ?? 0),
            answering.Sum(s => s.BusyWorkers ?? 0), sample.Realisations, running.Length, sample.InFlight, sample.Throughput);
        return new OperationsJson(now, totals, silos, running, _history.Samples()) { JobsProblem = jobsProblem };
    }

    /// <summary>
    /// The jobs and their status, given up on after <see cref="JobsPatience"/>: the list asks each unfinished job's coordinator in turn,
    /// and coordinators on a silo that hangs must not hold up the silos' part of the page.
    /// </summary>
    private async Task<(IReadOnlyList<(JobListing Listing, JobStatusReport Status)> Jobs, string? Problem)> ListJobsAsync(CancellationToken cancellation)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        patience.CancelAfter(JobsPatience);
        try
        {
            // WaitAsync too: not every call inside the list takes a token (the registry's).
            return (await jobs.ListAsync(patience.Token).WaitAsync(patience.Token), null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ([], $"the jobs' coordinators did not all answer within {JobsPatience.TotalSeconds:F0} s");
        }
    }

    private async Task<SiloJson> SiloAsync(IManagementGrain management, MembershipEntry host, CancellationToken cancellation)
    {
        var silo = SiloJson.From(host);
        if (host.Status != SiloStatus.Active) return silo;
        var address = host.SiloAddress;
        var statistics = management.GetRuntimeStatistics([address], cancellation).WaitAsync(SiloPatience, cancellation);
        var workload = grains.GetGrain<ISiloWorkloadGrain>(address.ToParsableString()).GetWorkload().WaitAsync(SiloPatience, cancellation);
        var problems = new List<string>();
        try
        {
            var s = (await statistics).Single();
            silo = silo with
            {
                CpuPercent = float.IsFinite(s.EnvironmentStatistics.FilteredCpuUsagePercentage) ? s.EnvironmentStatistics.FilteredCpuUsagePercentage : null,
                MemoryBytes = s.EnvironmentStatistics.FilteredMemoryUsageBytes,
                TotalMemoryBytes = s.EnvironmentStatistics.MaximumAvailableMemoryBytes,
                Activations = s.ActivationCount,
                RecentActivations = s.RecentlyUsedActivationCount,
                Overloaded = s.IsOverloaded,
                Clients = s.ClientCount,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            problems.Add($"runtime statistics: {Reason(e)}");
        }
        try
        {
            var w = await workload;
            silo = silo with { Workers = w.Workers, BusyWorkers = w.BusyWorkers, Realisations = w.Realisations };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            problems.Add($"workload: {Reason(e)}");
        }
        return problems.Count == 0 ? silo : silo with { Problem = string.Join("; ", problems) };
    }

    /// <summary>A coordinator (as a job's status names it, <c>SiloAddress.ToString()</c>) by its silo's name, as the silos table shows it.</summary>
    private static string? SiloName(MembershipEntry[] hosts, string? coordinator) =>
        coordinator is null ? null : hosts.FirstOrDefault(h => h.SiloAddress.ToString() == coordinator)?.SiloName ?? coordinator;

    private static string Reason(Exception e) => e is TimeoutException ? $"no answer within {SiloPatience.TotalSeconds:F0} s" : e.Message;
}
