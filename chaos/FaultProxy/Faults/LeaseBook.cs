using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>
/// Dead-man's switches held by controllers (an experiment runner, the AppHost). A controller that
/// renews its lease says "I am alive"; one that crashes stops renewing, and when any lease runs out
/// every fault goes — the controller can no longer take them off itself. Without a lease, faults
/// still go at their TTL.
/// </summary>
public sealed class LeaseBook(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    public Lease Renew(string holder, TimeSpan ttl)
    {
        var lease = new Lease(holder, ttl.TotalSeconds, time.GetUtcNow() + ttl);
        lock (_gate) _leases[holder] = lease;
        return lease;
    }

    public IReadOnlyList<Lease> List()
    {
        lock (_gate) return _leases.Values.OrderBy(l => l.Holder, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Takes the leases whose time ran out off the book and returns them.</summary>
    public IReadOnlyList<Lease> TakeExpired()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var expired = _leases.Values.Where(l => l.ExpiresAt <= now).ToArray();
            foreach (var lease in expired) _leases.Remove(lease.Holder);
            return expired;
        }
    }
}
