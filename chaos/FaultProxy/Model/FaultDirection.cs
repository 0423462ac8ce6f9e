namespace Reference.Chaos.FaultProxy.Model;

/// <summary>Which way the affected bytes travel. Upstream: client → server; downstream: server → client.</summary>
public enum FaultDirection
{
    Both,
    Upstream,
    Downstream,
}
