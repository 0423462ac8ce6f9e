using System.Collections.Concurrent;

namespace Reference.Chaos.FaultProxy.Proxy;

/// <summary>The open connections, so "down" can cut them all and the status endpoint can count them.</summary>
public sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<long, ProxiedConnection> _open = new();
    private long _accepted;

    public int OpenCount => _open.Count;

    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public void Opened(ProxiedConnection connection)
    {
        Interlocked.Increment(ref _accepted);
        _open[connection.Number] = connection;
    }

    public void Closed(ProxiedConnection connection) => _open.TryRemove(connection.Number, out _);

    /// <summary>Resets every open connection: the server "went away" for everyone at once.</summary>
    public int ResetAll()
    {
        var count = 0;
        foreach (var connection in _open.Values)
        {
            connection.Reset();
            count++;
        }
        return count;
    }
}
