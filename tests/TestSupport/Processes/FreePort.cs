using System.Net;
using System.Net.Sockets;

namespace Reference.Testing.Processes;

/// <summary>Asks the OS for a free loopback TCP port (bind to port 0, read it back, release it).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a server on <paramref name="requestedPort"/>, or, when that is 0, on a port from <see cref="Next"/>, and
    /// then again on another one when something took that port between our asking and the server binding it. Suites
    /// run side by side in CI, so it happens: a fresh-clone run lost a whole fixture to postgres' "could not bind IPv4
    /// address: Address already in use". A port the caller chose is theirs: it is not changed.
    /// </summary>
    public static async Task<T> StartOnAsync<T>(int requestedPort, Func<int, Task<T>> start, int attempts = 3)
    {
        if (requestedPort != 0) return await start(requestedPort);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Next());
            }
            catch (InvalidOperationException e) when (attempt < attempts && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Taken meanwhile: ask the OS for another port.
            }
        }
    }
}
