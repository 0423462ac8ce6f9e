using System.Collections.Concurrent;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Concurrent misses for one key share one load (Go's singleflight): while a load for a key is running,
/// callers for the same key wait for its result instead of starting their own. So when a version bump
/// retires every cached page at once, a hot page costs Postgres one query per replica, not one per
/// request in flight. Nothing is cached here: the flight ends when the load does.
/// </summary>
public sealed class SingleFlight<T>(CatalogMetrics metrics, string kind)
{
    private readonly ConcurrentDictionary<string, Task<T>> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// The result of <paramref name="load"/> for <paramref name="key"/>, run once for every caller that
    /// arrives while it runs. The load is not cancelled when one caller gives up (others may still wait);
    /// it is bounded by the database's own command timeout. Each caller's wait honours its own token.
    /// </summary>
    public Task<T> RunAsync(string key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        var flight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _flights.GetOrAdd(key, flight.Task);
        if (current != flight.Task)
        {
            metrics.LoadCoalesced(kind);
            return current.WaitAsync(cancellationToken);
        }
        _ = LeadAsync(key, flight, load);
        return flight.Task.WaitAsync(cancellationToken);
    }

    private async Task LeadAsync(string key, TaskCompletionSource<T> flight, Func<Task<T>> load)
    {
        try
        {
            flight.SetResult(await load());
        }
        catch (Exception ex)
        {
            // Every waiter sees the failure (a database outage becomes each one's 503).
            flight.SetException(ex);
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Task<T>>(key, flight.Task));
        }
    }
}
