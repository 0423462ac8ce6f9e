using System.Text.Json.Serialization;

namespace Reference.Chaos.FaultProxy.Model;

/// <summary>
/// The body of <c>POST /faults</c>, as sent: everything optional here so validation can name what is
/// missing. Unknown properties are refused (a typo such as "latency" must not add a harmless fault).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FaultRequest
{
    public FaultKind? Kind { get; init; }
    public FaultDirection? Direction { get; init; }
    public double? Toxicity { get; init; }
    public double? TtlSeconds { get; init; }

    public int? LatencyMs { get; init; }
    public int? JitterMs { get; init; }
    public int? RateKBps { get; init; }
    public int? DelayMs { get; init; }
    public int? TimeoutMs { get; init; }
    public long? Bytes { get; init; }

    /// <summary>The kind parameters that were given, by their wire names — to refuse those a kind does not take.</summary>
    public IEnumerable<string> GivenParameters()
    {
        if (LatencyMs is not null) yield return "latencyMs";
        if (JitterMs is not null) yield return "jitterMs";
        if (RateKBps is not null) yield return "rateKBps";
        if (DelayMs is not null) yield return "delayMs";
        if (TimeoutMs is not null) yield return "timeoutMs";
        if (Bytes is not null) yield return "bytes";
    }
}
