using System.Net;
using System.Net.Sockets;

namespace Ensemble.Tests.Support;

/// <summary>Finds a free loopback TCP port for a throwaway server or silo.</summary>
internal static class FreePort
{
    /// <summary>
    /// Asks the OS for an ephemeral port and releases it at once. Another process could grab it in between,
    /// but that race is rare and the server start then fails loudly rather than silently sharing a port.
    /// </summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
