namespace Reference.Chaos.FaultProxy.Client;

/// <summary>The fault kinds a proxy knows; docs/chaos.md describes each.</summary>
public enum FaultKind
{
    Latency,
    Bandwidth,
    SlowClose,
    Timeout,
    ResetPeer,
    LimitData,
    Down,
}

/// <summary>Upstream: client → server; downstream: server → client.</summary>
public enum FaultDirection
{
    Both,
    Upstream,
    Downstream,
}
