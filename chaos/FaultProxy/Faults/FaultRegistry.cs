using Reference.Chaos.FaultProxy.Model;

namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>
/// The faults in force. Connections read <see cref="Active"/> for every chunk, so it is an immutable
/// snapshot swapped under a lock: reading costs one volatile read, and a change reaches open
/// connections at their next chunk (a pooled Postgres connection gets the new latency too).
/// </summary>
public sealed class FaultRegistry(TimeProvider time, ILogger<FaultRegistry> logger)
{
    private readonly Lock _gate = new();
    private ActiveFaults _active = ActiveFaults.None;
    private long _nextId;

    public ActiveFaults Active => Volatile.Read(ref _active);

    /// <summary>Raised after every change, outside the lock, with the new snapshot.</summary>
    public event Action<ActiveFaults>? Changed;

    public Fault Add(NewFault fault)
    {
        var now = time.GetUtcNow();
        var p = fault.Parameters;
        var view = new Fault
        {
            Id = $"{JsonNames.Camel(fault.Kind.ToString())}-{Interlocked.Increment(ref _nextId)}",
            Kind = fault.Kind,
            Direction = fault.Direction,
            Toxicity = fault.Toxicity,
            TtlSeconds = fault.Ttl.TotalSeconds,
            CreatedAt = now,
            ExpiresAt = now + fault.Ttl,
            LatencyMs = p.LatencyMs, JitterMs = p.JitterMs, RateKBps = p.RateKBps,
            DelayMs = p.DelayMs, TimeoutMs = p.TimeoutMs, Bytes = p.Bytes,
        };
        Update(faults => [.. faults, new ActiveFault(view, fault.Toxic)]);
        logger.LogWarning("Fault {FaultId} added: {Kind} {Direction}, toxicity {Toxicity}, expires {ExpiresAt:O}", view.Id, view.Kind, view.Direction, view.Toxicity, view.ExpiresAt);
        return view;
    }

    public bool Remove(string id)
    {
        var removed = Update(faults => faults.Where(f => f.Id != id).ToArray());
        if (removed.Count > 0) logger.LogWarning("Fault {FaultId} removed", id);
        return removed.Count > 0;
    }

    /// <summary>Removes every fault; <paramref name="reason"/> goes to the log.</summary>
    public int Clear(string reason)
    {
        var removed = Update(_ => []);
        if (removed.Count > 0) logger.LogWarning("All {Count} faults removed: {Reason}", removed.Count, reason);
        return removed.Count;
    }

    public int RemoveExpired()
    {
        var now = time.GetUtcNow();
        var removed = Update(faults => faults.Where(f => f.View.ExpiresAt > now).ToArray());
        foreach (var fault in removed) logger.LogWarning("Fault {FaultId} expired after its TTL of {TtlSeconds} s", fault.Id, fault.View.TtlSeconds);
        return removed.Count;
    }

    /// <summary>Applies <paramref name="change"/> to the list; returns the faults it removed. No event when nothing changed.</summary>
    private IReadOnlyList<ActiveFault> Update(Func<IReadOnlyList<ActiveFault>, IReadOnlyList<ActiveFault>> change)
    {
        ActiveFaults next;
        IReadOnlyList<ActiveFault> removed;
        lock (_gate)
        {
            var current = _active;
            var faults = change(current.Faults);
            removed = current.Faults.Except(faults).ToArray();
            if (removed.Count == 0 && faults.Count == current.Faults.Count) return removed;
            next = new ActiveFaults(current.Version + 1, faults);
            Volatile.Write(ref _active, next);
        }
        Changed?.Invoke(next);
        return removed;
    }
}
