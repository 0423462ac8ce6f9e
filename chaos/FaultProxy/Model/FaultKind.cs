namespace Reference.Chaos.FaultProxy.Model;

/// <summary>What a fault does to the traffic (Toxiproxy's toxics, plus <see cref="Down"/>). On the wire: camelCase.</summary>
public enum FaultKind
{
    /// <summary>Delays every chunk by latencyMs ± jitterMs.</summary>
    Latency,
    /// <summary>Caps throughput at rateKBps.</summary>
    Bandwidth,
    /// <summary>Holds a close back for delayMs before passing it on.</summary>
    SlowClose,
    /// <summary>Drops the data; closes the connection after timeoutMs, or never when 0 (a blackhole).</summary>
    Timeout,
    /// <summary>Resets the connection (TCP RST) timeoutMs after data arrives.</summary>
    ResetPeer,
    /// <summary>Passes the first bytes, then closes the connection.</summary>
    LimitData,
    /// <summary>Refuses new connections and cuts the open ones.</summary>
    Down,
}
