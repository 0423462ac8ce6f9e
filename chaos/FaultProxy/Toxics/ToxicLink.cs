namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>
/// One toxic on one direction of one connection: where a toxic keeps what it counts (bytes passed,
/// when the link may send next) and how it reaches the connection to close or reset it. Only the
/// direction's writer touches it, so its state needs no locking.
/// </summary>
public sealed class ToxicLink(IConnectionControl connection)
{
    public IConnectionControl Connection { get; } = connection;

    /// <summary>Per-link state owned by the toxic; null until the toxic first needs it.</summary>
    public object? State { get; set; }
}

/// <summary>What a toxic may do to the whole connection.</summary>
public interface IConnectionControl
{
    /// <summary>Graceful: data already passed on is delivered, then both sides see the connection close.</summary>
    void Close();

    /// <summary>Abortive: both sides see a TCP RST ("connection reset by peer").</summary>
    void Reset();

    /// <summary>Cancelled once the connection is closed or reset.</summary>
    CancellationToken Closed { get; }
}
