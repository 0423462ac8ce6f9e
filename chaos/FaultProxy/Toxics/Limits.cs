namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>Bounds on kind parameters: a fault is an experiment, and a typo must not hang a connection for a day.</summary>
public static class Limits
{
    /// <summary>Latency, jitter, slow-close delay, timeouts: at most ten minutes.</summary>
    public const int MaxDelayMs = 600_000;

    public const int MaxRateKBps = 10_000_000;

    public const long MaxBytes = 1L << 40;
}
