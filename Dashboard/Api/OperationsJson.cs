using Orleans.Runtime;

namespace Ensemble.Dashboard.Api;

/// <summary>GET /api/operations: the cluster now, and the last minutes of in-flight realisations and throughput.</summary>
public sealed record OperationsJson(
    DateTimeOffset At, ClusterTotalsJson Totals, SiloJson[] Silos, RunningJobJson[] Jobs, OperationsSampleJson[] History)
{
    /// <summary>Why <see cref="Jobs"/> is empty though jobs may be running (their coordinators did not answer in time).</summary>
    public string? JobsProblem { get; init; }
}

/// <summary>
/// Sums over the silos that answered (workers, busy workers, realisations computing there) and over the unfinished jobs
/// (their in-flight windows, which also count attempts the coordinator has launched but no silo has started yet).
/// </summary>
public sealed record ClusterTotalsJson(
    int ActiveSilos, int Workers, int BusyWorkers, int Realisations, int RunningJobs, int? InFlight, double? Throughput);

/// <summary>
/// One silo: its membership entry (status active, joining, stopping or dead; start time), and for an active one its load (CPU,
/// memory, activations) and workload (workers, busy workers, realisations). Load fields are null when the silo did not answer in
/// time; <see cref="Problem"/> says why.
/// </summary>
public sealed record SiloJson(string Address, string? Name, string? Host, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt)
{
    public int? Workers { get; init; }
    public int? BusyWorkers { get; init; }
    public int? Realisations { get; init; }
    public double? CpuPercent { get; init; }
    public long? MemoryBytes { get; init; }
    public long? TotalMemoryBytes { get; init; }
    public int? Activations { get; init; }
    public int? RecentActivations { get; init; }
    public bool? Overloaded { get; init; }
    public long? Clients { get; init; }
    public string? Problem { get; init; }

    public static SiloJson From(MembershipEntry host) => new(host.SiloAddress.ToParsableString(), host.SiloName, host.HostName,
        StatusName(host.Status), Utc(host.StartTime), Utc(host.IAmAliveTime));

    public static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Dead => "dead",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "stopping",
        _ => "joining",
    };

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>
/// An unfinished job: realisations in flight (launched and not yet recorded: computing, or done and held in a silo's partial sums
/// until they are folded), done of total, its average throughput, and the silo whose coordinator answered (by name when known).
/// </summary>
public sealed record RunningJobJson(string Id, string? Name, string Status, int InFlight, int Done, int Total, double Throughput, string? Coordinator);

/// <summary>One point of the chart: realisations computing on the silos, in flight over the jobs, and finished per second since the last point.</summary>
public sealed record OperationsSampleJson(DateTimeOffset At, int Realisations, int? InFlight, double? Throughput);
