using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>
/// Free loopback ports, never the same one twice in this process: two AppHosts in one test run ask
/// the OS at nearly the same moment, and a port is only really taken once its process binds it.
/// </summary>
internal static class PortAllocator
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        lock (Gate)
        {
            while (true)
            {
                var port = FreePort.Next();
                if (Handed.Add(port)) return port;
            }
        }
    }

    /// <summary>A configured port, or a free one when none is configured.</summary>
    public static int FixedOrNext(int? port) => port is > 0 ? port.Value : Next();
}
