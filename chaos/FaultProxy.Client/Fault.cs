namespace Reference.Chaos.FaultProxy.Client;

/// <summary>A fault in force on a proxy, as <c>GET /faults</c> and <c>POST /faults</c> return it.</summary>
public sealed record Fault
{
    public required string Id { get; init; }
    public required FaultKind Kind { get; init; }
    public FaultDirection Direction { get; init; }
    public double Toxicity { get; init; }
    public double TtlSeconds { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public int? LatencyMs { get; init; }
    public int? JitterMs { get; init; }
    public int? RateKBps { get; init; }
    public int? DelayMs { get; init; }
    public int? TimeoutMs { get; init; }
    public long? Bytes { get; init; }
}

/// <summary>A controller's lease as <c>PUT /lease</c> returns it.</summary>
public sealed record Lease(string Holder, double TtlSeconds, DateTimeOffset ExpiresAt);
