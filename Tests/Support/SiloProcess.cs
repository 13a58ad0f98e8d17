using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ensemble.Tests.Support;

/// <summary>A real Ensemble silo in its own process on free loopback ports; killed on dispose.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public static async Task<SiloProcess> StartAsync()
    {
        int siloPort = FreePort(), gatewayPort = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ClientProcess.BuiltAssembly("Silo", "Ensemble.Silo.dll"), "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--workers", "2" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await Accepts(gatewayPort))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"the silo did not open its gateway on port {gatewayPort}");
            }
            await Task.Delay(200);
        }
        return new SiloProcess(process, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
