using System.Text.Json.Serialization;

namespace Reference.Chaos.FaultProxy.Model;

/// <summary>An active fault as the control API shows it. Kind parameters that do not apply are left out.</summary>
public sealed record Fault
{
    public required string Id { get; init; }
    public required FaultKind Kind { get; init; }
    public required FaultDirection Direction { get; init; }
    public required double Toxicity { get; init; }
    public required double TtlSeconds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? LatencyMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? JitterMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? RateKBps { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DelayMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? TimeoutMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Bytes { get; init; }
}
