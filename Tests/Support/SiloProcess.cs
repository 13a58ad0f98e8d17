using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ensemble.Tests.Support;

/// <summary>
/// A real Ensemble silo in its own process on free loopback ports; killed (SIGKILL) on dispose.
/// Everything it prints is kept, so tests can read its realisation trace and check its logs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SiloPort { get; }
    public int GatewayPort { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Every line the silo wrote to standard output and standard error so far.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>A silo with localhost clustering and in-memory state.</summary>
    public static Task<SiloProcess> StartAsync() => StartAsync(postgres: null, new Dictionary<string, string>());

    /// <summary>
    /// A silo on PostgreSQL (when <paramref name="postgres"/> is given) with quick failure detection and
    /// resumption and its realisation trace on, plus any further configuration as environment variables.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string? postgres, IReadOnlyDictionary<string, string> environment)
    {
        int siloPort = FreePort.Find(), gatewayPort = FreePort.Find();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ClientProcess.BuiltAssembly("Silo", "Ensemble.Silo.dll"), "--silo-port", $"{siloPort}",
            "--gateway-port", $"{gatewayPort}", "--workers", "2" })
            start.ArgumentList.Add(argument);
        if (postgres is not null)
        {
            start.ArgumentList.Add("--postgres");
            start.ArgumentList.Add(postgres);
            // A dead silo is declared dead within a few seconds, and a job whose coordinator it held
            // resumes within a few more (defaults: tens of seconds and a minute).
            start.Environment["Orleans__Membership__ProbeTimeout"] = "00:00:01";
            start.Environment["Orleans__Membership__NumMissedProbesLimit"] = "2";
            start.Environment["Orleans__Membership__TableRefreshTimeout"] = "00:00:02";
            // Silos that stopped writing their heartbeat for 3 x this are stale, and only then can
            // joining silos (after a whole-cluster restart) declare them dead (default 3 x 30 s).
            start.Environment["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:02";
            start.Environment["Ensemble__Jobs__ResumePeriod"] = "00:00:03";
            start.Environment["Ensemble__TraceRealisations"] = "true";
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var silo = new SiloProcess(Process.Start(start)!, siloPort, gatewayPort);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await Accepts(gatewayPort))
        {
            if (silo.HasExited || DateTime.UtcNow > deadline)
            {
                await silo.DisposeAsync();
                throw new InvalidOperationException($"the silo did not open its gateway on port {gatewayPort}:\n{string.Join('\n', silo.Output.TakeLast(40))}");
            }
            await Task.Delay(200);
        }
        return silo;
    }

    /// <summary>The realisations this silo computed, from its trace: (index, attempt) per line.</summary>
    public IReadOnlyList<uint> ComputedRealisations(string jobId) => Output
        .Where(l => l.StartsWith(Grains.Runtime.ConsoleRealisationTrace.Prefix + $" job={jobId} ", StringComparison.Ordinal))
        .Select(l => uint.Parse(l.Split(' ').Single(p => p.StartsWith("index=", StringComparison.Ordinal))["index=".Length..]))
        .ToArray();

    /// <summary>Realisations of the job whose observables stayed in this silo's partial sums (<paramref name="held"/>) or did not.</summary>
    public IReadOnlyList<uint> HeldRealisations(string jobId, bool held = true) => Output
        .Where(l => l.StartsWith(Grains.Runtime.ConsoleRealisationTrace.HeldPrefix + $" job={jobId} ", StringComparison.Ordinal)
            && l.EndsWith($" held={held}", StringComparison.Ordinal))
        .Select(l => uint.Parse(l.Split(' ').Single(p => p.StartsWith("index=", StringComparison.Ordinal))["index=".Length..]))
        .ToArray();

    /// <summary>
    /// SIGSTOP (<paramref name="stop"/>) or SIGCONT: a silo that hangs, its sockets open and nothing answered, the way a
    /// process stalled by the machine looks to the rest of the cluster.
    /// </summary>
    public async Task PauseAsync(bool stop)
    {
        using var signal = Process.Start("kill", [stop ? "-STOP" : "-CONT", $"{_process.Id}"]);
        await signal.WaitForExitAsync();
        if (signal.ExitCode != 0) throw new InvalidOperationException($"kill {(stop ? "-STOP" : "-CONT")} {_process.Id}: exit {signal.ExitCode}");
    }

    /// <summary>kill -9: no shutdown, no hand-over, no last checkpoint.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        // Let the output readers drain what the process wrote before it died.
        await Task.Delay(200);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static async Task<bool> Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
