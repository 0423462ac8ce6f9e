using System.Text.Json.Serialization;

namespace Reference.Chaos.FaultProxy.Client;

/// <summary>
/// What to inject: the body of <c>POST /faults</c>. Build one with the factories
/// (<c>FaultSpec.Latency(TimeSpan.FromMilliseconds(200))</c>) and adjust with <c>with</c>
/// (<c>… with { Direction = FaultDirection.Downstream, Toxicity = 0.5 }</c>). Left-out fields take
/// the proxy's defaults: direction both, toxicity 1, TTL 300 s.
/// </summary>
public sealed record FaultSpec
{
    public required FaultKind Kind { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FaultDirection? Direction { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Toxicity { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? TtlSeconds { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? LatencyMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? JitterMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? RateKBps { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DelayMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? TimeoutMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Bytes { get; init; }

    /// <summary>Each chunk delayed by latency ± jitter. With direction both a round trip pays it twice; use downstream for "+latency per round trip".</summary>
    public static FaultSpec Latency(TimeSpan latency, TimeSpan jitter = default) => new()
    {
        Kind = FaultKind.Latency,
        LatencyMs = Milliseconds(latency),
        JitterMs = jitter == default ? null : Milliseconds(jitter),
    };

    /// <summary>Throughput capped at <paramref name="kilobytesPerSecond"/> (1 KB = 1024 bytes) per connection and direction.</summary>
    public static FaultSpec Bandwidth(int kilobytesPerSecond) => new() { Kind = FaultKind.Bandwidth, RateKBps = kilobytesPerSecond };

    /// <summary>A close reaches the other side <paramref name="delay"/> late.</summary>
    public static FaultSpec SlowClose(TimeSpan delay) => new() { Kind = FaultKind.SlowClose, DelayMs = Milliseconds(delay) };

    /// <summary>Data dropped; the connection closed <paramref name="closeAfter"/> after the first dropped chunk.</summary>
    public static FaultSpec Timeout(TimeSpan closeAfter) => new() { Kind = FaultKind.Timeout, TimeoutMs = Milliseconds(closeAfter) };

    /// <summary>Accepts, never answers, never closes: the client's own timeout must fire.</summary>
    public static FaultSpec Blackhole() => new() { Kind = FaultKind.Timeout, TimeoutMs = 0 };

    /// <summary>The connection reset (TCP RST) <paramref name="after"/> the first data.</summary>
    public static FaultSpec ResetPeer(TimeSpan after = default) => new() { Kind = FaultKind.ResetPeer, TimeoutMs = Milliseconds(after) };

    /// <summary>The first <paramref name="bytes"/> bytes pass (per direction), then the connection closes.</summary>
    public static FaultSpec LimitData(long bytes) => new() { Kind = FaultKind.LimitData, Bytes = bytes };

    /// <summary>New connections refused, open ones reset: the server is gone.</summary>
    public static FaultSpec Down() => new() { Kind = FaultKind.Down };

    /// <summary>Sets the time to live (the proxy removes the fault after it).</summary>
    public FaultSpec For(TimeSpan ttl) => this with { TtlSeconds = ttl.TotalSeconds };

    private static int Milliseconds(TimeSpan value) => checked((int)Math.Round(value.TotalMilliseconds));
}
