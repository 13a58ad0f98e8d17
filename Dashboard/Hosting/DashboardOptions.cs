namespace Ensemble.Dashboard.Hosting;

/// <summary>How a dashboard is served and what it may do.</summary>
public sealed record DashboardOptions
{
    /// <summary>Loopback only, on a port of its own: the dashboard is not exposed unless asked (<c>--dashboard-urls</c>).</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Where Kestrel listens; <c>http://host:port</c> separated by ';' (port 0: a free one).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>When set, actions that change anything (rerun) need it as <c>Authorization: Bearer</c> or the cookie <see cref="TokenCookie"/>.</summary>
    public string? AccessToken { get; init; }

    public const string TokenCookie = "ensemble_dashboard_token";

    /// <summary>The PostgreSQL connection string, when the cluster has one: finished jobs are read from its tables.</summary>
    public string? Postgres { get; init; }

    /// <summary>
    /// Least time between two server-sent updates to one client; never below <see cref="MinEventInterval"/> (at most 2 a second),
    /// so a page open on a job costs the cluster a bounded number of queries whatever R is.
    /// </summary>
    public TimeSpan EventInterval { get; init; } = MinEventInterval;

    public static readonly TimeSpan MinEventInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Reruns on silos at once through this dashboard; more are answered 429.</summary>
    public int MaxConcurrentReruns { get; init; } = 2;
}
