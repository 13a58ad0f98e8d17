using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ensemble.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// A real silo in a process of its own (the Silo project's build beside this one: in-memory state, localhost clustering, one
/// worker), so what it spends and what a client in this process spends can be told apart. Killed on dispose.
/// </summary>
public sealed class SiloOnOneWorker : IDisposable
{
    private readonly int _gatewayPort;

    private SiloOnOneWorker(Process process, int gatewayPort)
    {
        Process = process;
        _gatewayPort = gatewayPort;
    }

    public Process Process { get; }

    public static SiloOnOneWorker Start()
    {
        // Benchmarks/bin/<Configuration>/<tfm>/ -> Silo/bin/<Configuration>/<tfm>/Ensemble.Silo.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "Silo", "bin", output.Parent.Name, output.Name, "Ensemble.Silo.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the solution first (dotnet build -c {output.Parent.Name}): {dll} is missing", dll);
        int siloPort = FreePort(), gatewayPort = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { dll, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--workers", "1" })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloOnOneWorker(process, gatewayPort);
    }

    /// <summary>An Orleans client of the silo in this process, once its gateway accepts (within a minute).</summary>
    public async Task<IHost> ConnectAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Accepts(_gatewayPort))
        {
            if (Process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the silo did not open its gateway on {_gatewayPort}");
            await Task.Delay(200);
        }
        var builder = EmbeddedHost.CreateBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, _gatewayPort));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (EnsembleCluster.ClusterId, EnsembleCluster.ServiceId));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
