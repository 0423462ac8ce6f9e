using System.Text.Json.Serialization;

namespace Reference.Load.Stats;

/// <summary>
/// What happened to the requests of one step (or of a journey, or of a whole phase) in one phase.
/// Latency is counted from each request's intended start. "Admitted" means not shed.
/// </summary>
public sealed class StepStats
{
    public required string Name { get; init; }
    public string? Journey { get; init; }
    public long Count { get; init; }
    public long Ok { get; init; }
    public long ClientErrors { get; init; }
    public long ServerErrors { get; init; }
    public long Timeouts { get; init; }
    public long TransportErrors { get; init; }
    public long InvalidResponses { get; init; }
    public long NotSent { get; init; }
    public long Shed { get; init; }
    /// <summary>Shed responses without a Retry-After header (each one breaks the shedding contract).</summary>
    public long ShedWithoutRetryAfter { get; init; }
    /// <summary>Requests per second over the phase's duration.</summary>
    public double AchievedRate { get; init; }
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }
    /// <summary>Every request, shed or not.</summary>
    public required LatencyDistribution Latency { get; init; }
    /// <summary>Requests that were not shed: the ones the SLO latency objective judges.</summary>
    public required LatencyDistribution AdmittedLatency { get; init; }
    /// <summary>Shed responses only: these must be fast.</summary>
    public required LatencyDistribution ShedLatency { get; init; }

    /// <summary>Failures that spend error budget: 5xx (not 503), timeouts, transport errors, invalid responses, not sent.</summary>
    public long Errors => ServerErrors + Timeouts + TransportErrors + InvalidResponses + NotSent;
    public long Admitted => Count - Shed;

    /// <summary>Non-error share of admitted requests (1 when nothing was admitted).</summary>
    [JsonIgnore]
    public double AdmittedAvailability => Admitted == 0 ? 1 : 1 - (double)Errors / Admitted;
}
