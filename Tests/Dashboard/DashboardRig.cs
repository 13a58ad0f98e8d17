using System.Net.Http.Headers;
using System.Text.Json;
using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// A real one-silo Orleans cluster (TestingHost) with a dashboard on a free loopback port in front of it, and an HTTP client
/// for it. Tests start more dashboards (e.g. one with a token) on the same cluster with <see cref="StartDashboardAsync"/>.
/// </summary>
public sealed class DashboardRig : IAsyncLifetime
{
    private readonly OneSiloCluster _cluster = new();

    public DashboardServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IGrainFactory Grains => _cluster.Grains;

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        Server = await StartDashboardAsync(new DashboardOptions());
        Http = new HttpClient { BaseAddress = new Uri(Server.Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<DashboardServer> StartDashboardAsync(DashboardOptions options) =>
        await DashboardServer.StartAsync(_cluster.Grains, options with { Urls = "http://127.0.0.1:0" });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    /// <summary>Small realisations (1D, two species of 20 particles, 10 steps): a job of 40 takes well under a second.</summary>
    public static JobSubmission Quick(int realisations, string? name = null, ulong seed = 7) =>
        Service.Jobs.Submission(TestSpecs.Pairwise(1, 20, TestSpecs.Matrix(2, 1.0)), realisations, seed) with { Name = name };

    /// <summary>
    /// Realisations of ~0.1 s each (1D, two species of 150 particles, 400 steps), two in flight at a time on the rig's two workers,
    /// so a job of <paramref name="realisations"/> runs for a few seconds while a test watches it.
    /// </summary>
    public static JobSubmission Slow(int realisations, string? name = null)
    {
        var spec = TestSpecs.Pairwise(1, 150, TestSpecs.Matrix(2, 1.0), steps: 400);
        spec = SpecValidator.Validate(spec with { Time = spec.Time with { OutputTimes = [0.0, 0.1, 0.2, 0.3, 0.4] } });
        return Service.Jobs.Submission(spec, realisations, seed: 11, maxInFlight: 2) with { Name = name };
    }

    public async Task<JobStatusReport> RunToEndAsync(string jobId, JobSubmission submission) => await Service.Jobs.RunToEnd(Grains, jobId, submission);

    public async Task<(int Status, JsonElement Body)> GetAsync(string path) => await SendAsync(HttpMethod.Get, path, null, Http);

    public static async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer, HttpClient http,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(key, value);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }
}
