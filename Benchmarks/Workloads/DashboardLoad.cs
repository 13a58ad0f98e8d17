using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ensemble.Dashboard.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// What a page open on a running job costs and how far behind it is: an embedded silo runs a W1 job of R = 10^6 on one worker
/// while a dashboard serves it; Debian's Chromium opens the job's page in <c>clients</c> browser contexts (each its own
/// connection pool and event stream). Two figures:
/// <list type="bullet">
/// <item>server CPU: this process's CPU (silo, job and dashboard; Chromium runs in processes of its own) over equal windows with
/// no page open and with the pages open, alternating; the difference is the dashboard's cost;</item>
/// <item>update latency: for each update a page shows, the time since the count of finished realisations it shows was first
/// seen at the coordinator (polled every 10 ms), i.e. how stale a page is when it changes: throttle, cache, transport and drawing.</item>
/// </list>
/// </summary>
public static class DashboardLoad
{
    private const string JobId = "dashboard-load";
    private const string Chromium = "/usr/bin/chromium";

    public static Command Command()
    {
        var clients = new Option<int>("--clients") { Description = "browser contexts open on the job's page", DefaultValueFactory = _ => 10 };
        var seconds = new Option<int>("--window") { Description = "seconds per measured window", DefaultValueFactory = _ => 15 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds (no pages / pages); medians are reported", DefaultValueFactory = _ => 3 };
        var command = new Command("dashboard", "a running job's page open in N browsers: the server's CPU cost and the page's update latency")
        {
            clients, seconds, rounds,
        };
        command.SetAction((r, _) => PrintAsync(r.GetValue(clients), r.GetValue(seconds), r.GetValue(rounds)));
        return command;
    }

    private static async Task<int> PrintAsync(int clients, int windowSeconds, int rounds)
    {
        if (clients < 1 || windowSeconds < 1 || rounds < 1) throw new ArgumentException("--clients, --window, --rounds: at least 1 expected");
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"the dashboard benchmark needs Chromium at {Chromium} (apt-get install chromium)");
        using var silo = SiloOnOneWorker.Start();
        using var client = await silo.ConnectAsync();
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        await using var dashboard = await DashboardServer.StartAsync(grains, new DashboardOptions { Urls = "http://127.0.0.1:0" });
        var job = grains.GetGrain<IJobGrain>(JobId);
        var spec = SpecJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "w1.json")));
        await job.Submit(new JobSubmission
        {
            SpecJson = SpecJson.Serialize(spec), Realisations = 1_000_000, MasterSeed = 1, Name = "dashboard load",
        });
        while ((await job.GetStatus()).Succeeded < 20) await Task.Delay(100); // the realisation code past tiered compilation
        Console.WriteLine($"W1 job of R = 10^6 on a silo process of one worker; the dashboard ({dashboard.Url}) in this process, an Orleans " +
            $"client of it; {clients} browser contexts; {rounds} rounds of {windowSeconds} s without and with the pages open; " +
            $"{Environment.ProcessorCount} CPUs");

        await ReadTimesAsync(grains, dashboard.Url, SpecJson.Serialize(spec));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var idle = new List<Window>();
        var loaded = new List<Window>();
        var latencies = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            idle.Add(await MeasureAsync(job, silo.Process, windowSeconds));
            var pages = await OpenAsync(browser, dashboard.Url, clients);
            loaded.Add(await MeasureAsync(job, silo.Process, windowSeconds));
            latencies.AddRange(await LatenciesAsync(job, pages, windowSeconds));
            foreach (var page in pages) await page.Context.CloseAsync();
        }
        await job.Cancel();

        foreach (var (label, windows) in new[] { ("no page open", idle), ($"{clients} pages open", loaded) })
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-16} dashboard process {Percent(windows.Select(w => w.Dashboard))} of a core, silo {Percent(windows.Select(w => w.Silo))}, " +
                $"Chromium {Percent(windows.Select(w => w.Browser))}, " +
                $"job {Median(windows.Select(w => w.RealisationsPerSecond)):F1} realisations/s"));
        double cost = Median(loaded.Select(w => w.Dashboard)) - Median(idle.Select(w => w.Dashboard));
        double siloCost = Median(loaded.Select(w => w.Silo)) - Median(idle.Select(w => w.Silo));
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard cost with {clients} pages: {cost * 100:F1}% of a core in the dashboard's process ({cost * 100 / clients:F2}% per page); " +
            $"the silo {siloCost * 100:+0.0;-0.0}% of a core (its job competes with Chromium where they share cores)"));
        if (sorted.Length == 0) throw new InvalidOperationException("no page showed an update: the latency cannot be measured");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"update latency over {sorted.Length} page updates: median {Quantile(sorted, 0.5):F0} ms, p95 {Quantile(sorted, 0.95):F0} ms, " +
            $"max {sorted[^1]:F0} ms (throttle interval {DashboardOptions.MinEventInterval.TotalMilliseconds:F0} ms)"));
        return 0;
    }

    /// <summary>
    /// With 100 jobs known (the R = 10^6 one running, 99 finished of one realisation each), the median time of the reads a page makes:
    /// the jobs list, the running job's header, a realisations page deep into its seeds, and its estimates.
    /// </summary>
    private static async Task ReadTimesAsync(IGrainFactory grains, string url, string specJson)
    {
        for (int i = 0; i < 99; i++)
            await grains.GetGrain<IJobGrain>($"dashboard-small-{i}").Submit(new JobSubmission { SpecJson = specJson, Realisations = 1, MasterSeed = 1 });
        for (int i = 0; i < 99; i++)
            while (!(await grains.GetGrain<IJobGrain>($"dashboard-small-{i}").GetStatus()).IsFinished) await Task.Delay(50);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        foreach (string path in new[] { "/api/jobs?size=100", $"/api/jobs/{JobId}", $"/api/jobs/{JobId}/realisations?page=5000&size=200",
                     $"/api/jobs/{JobId}/estimates" })
        {
            var times = new List<double>();
            long bytes = 0;
            for (int i = 0; i < 21; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                response.EnsureSuccessStatusCode();
                bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
                if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds); // the first warms the path
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET {path}: median {Median(times):F1} ms, {bytes / 1024.0:F1} KiB (100 jobs known)"));
        }
    }

    /// <summary>CPU as a share of one core: this process's (dashboard and client) and the silo's (job and the queries it answers).</summary>
    private sealed record Window(double Dashboard, double Silo, double Browser, double RealisationsPerSecond);

    private static async Task<Window> MeasureAsync(IJobGrain job, Process silo, int seconds)
    {
        using var self = Process.GetCurrentProcess();
        int before = (await job.GetStatus()).Succeeded;
        silo.Refresh();
        var (ours, theirs, browser) = (self.TotalProcessorTime, silo.TotalProcessorTime, BrowserCpu());
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        self.Refresh();
        silo.Refresh();
        double wall = clock.Elapsed.TotalSeconds;
        var browserUsed = BrowserCpu().Sum(p => p.Value - browser.GetValueOrDefault(p.Key));
        int after = (await job.GetStatus()).Succeeded;
        return new Window((self.TotalProcessorTime - ours).TotalSeconds / wall, (silo.TotalProcessorTime - theirs).TotalSeconds / wall,
            browserUsed / wall, (after - before) / wall);
    }

    /// <summary>CPU seconds so far of each Chromium process (pid → seconds): the pages' own cost, on the same two cores here.</summary>
    private static Dictionary<int, double> BrowserCpu()
    {
        var seconds = new Dictionary<int, double>();
        foreach (var process in Process.GetProcesses())
        {
            using (process)
            {
                try
                {
                    if (process.ProcessName.StartsWith("chrom", StringComparison.Ordinal)) seconds[process.Id] = process.TotalProcessorTime.TotalSeconds;
                }
                catch (InvalidOperationException)
                {
                    // It ended between the listing and the reading.
                }
            }
        }
        return seconds;
    }

    private static string Percent(IEnumerable<double> shares)
    {
        var values = shares.ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Median(values) * 100:F1}% (rounds {string.Join(", ", values.Select(v => (v * 100).ToString("F1", CultureInfo.InvariantCulture)))})");
    }

    /// <summary>Opens the job's page in <paramref name="count"/> contexts and waits until each shows a live update.</summary>
    private static async Task<List<IPage>> OpenAsync(IBrowser browser, string url, int count)
    {
        var pages = new List<IPage>();
        for (int i = 0; i < count; i++)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{url}/jobs/{JobId}");
            pages.Add(page);
        }
        foreach (var page in pages) await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates || 0) >= 1");
        return pages;
    }

    /// <summary>
    /// Records, in each page, when its progress line changed and what it said; meanwhile polls the coordinator every 10 ms for
    /// when each count of finished realisations first appeared. Each page change's latency: its time minus that first appearance.
    /// </summary>
    private static async Task<List<double>> LatenciesAsync(IJobGrain job, List<IPage> pages, int seconds)
    {
        const string observe = """
            () => { window.benchSeen = []; const node = document.getElementById('progress-text');
              new MutationObserver(() => window.benchSeen.push([Date.now(), node.textContent]))
                .observe(node, { childList: true, characterData: true, subtree: true }); }
            """;
        foreach (var page in pages) await page.EvaluateAsync(observe);
        var firstSeen = new Dictionary<int, long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var status = await job.GetStatus();
            firstSeen.TryAdd(status.Succeeded + status.Failed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await Task.Delay(10);
        }
        long start = firstSeen.Values.Min();
        var latencies = new List<double>();
        foreach (var page in pages)
        {
            int shown = -1;
            using var record = System.Text.Json.JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.benchSeen)"));
            foreach (var seen in record.RootElement.EnumerateArray())
            {
                var done = Regex.Match(seen[1].GetString() ?? "", @"^(\d+)/");
                if (!done.Success) continue;
                int count = int.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture);
                // The first time the page shows a new count; only counts first seen inside the polled window (known to within 10 ms).
                if (count != shown && firstSeen.TryGetValue(count, out long born) && born > start) latencies.Add(seen[0].GetInt64() - born);
                shown = count;
            }
        }
        return latencies;
    }

    private static double Median(IEnumerable<double> values) => EmbeddedJobs.Median(values.ToArray());

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
