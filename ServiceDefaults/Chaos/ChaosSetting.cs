using System.Text.RegularExpressions;

namespace Reference.ServiceDefaults;

/// <summary>
/// What to inject into the calls to one target (body of <c>PUT /admin/chaos/{target}</c>). Every field is
/// optional; a PUT replaces the target's whole setting. Random faults (<see cref="FaultRate"/>,
/// <see cref="LatencyRate"/>, <see cref="BlockThreadRate"/>, <see cref="OutcomeRate"/>) sit beside deterministic ones
/// (<see cref="FailFirst"/>, <see cref="MaxInjections"/>, <see cref="Seed"/>) so a test can say exactly what happens.
/// </summary>
public sealed record ChaosSetting
{
    /// <summary>Share of calls that throw the target's transport exception (0.0 to 1.0).</summary>
    public double? FaultRate { get; init; }

    /// <summary>Delay added before the call.</summary>
    public int? LatencyMs { get; init; }

    /// <summary>Share of calls delayed by <see cref="LatencyMs"/>; 1.0 when latency is set and this is not.</summary>
    public double? LatencyRate { get; init; }

    /// <summary>HTTP status answered instead of calling (HTTP targets only); 503 when a rate is set and this is not.</summary>
    public int? OutcomeStatus { get; init; }

    /// <summary>Share of calls answered with <see cref="OutcomeStatus"/>.</summary>
    public double? OutcomeRate { get; init; }

    /// <summary>
    /// Blocks the calling thread this long before the call (<c>Thread.Sleep</c>, not a delay): sync-over-async
    /// work that starves the thread pool, which latency alone does not show.
    /// </summary>
    public int? BlockThreadMs { get; init; }

    /// <summary>Share of calls whose thread is blocked for <see cref="BlockThreadMs"/>; 1.0 when that is set and this is not.</summary>
    public double? BlockThreadRate { get; init; }

    /// <summary>The first N calls fail with a fault, whatever the rates say.</summary>
    public int? FailFirst { get; init; }

    /// <summary>At most N injections of any kind; then the target is left alone until the setting expires.</summary>
    public int? MaxInjections { get; init; }

    /// <summary>Seeds the random choices, so the same calls see the same sequence of faults.</summary>
    public int? Seed { get; init; }

    /// <summary>Marked on every span chaos strikes (<c>experiment.id</c>), so a trace names the experiment.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>Seconds until the setting removes itself; <see cref="ChaosOptions.DefaultTtl"/> when unset.</summary>
    public int? TtlSeconds { get; init; }

    public const int MaxExperimentIdLength = 100;

    public const int DefaultOutcomeStatus = 503;

    /// <summary>The kinds of fault this setting can inject (a kind whose rate and count are zero is not one).</summary>
    public IEnumerable<ChaosKind> Kinds()
    {
        if (FaultRate > 0 || FailFirst > 0) yield return ChaosKind.Fault;
        if (LatencyMs > 0 && EffectiveLatencyRate > 0) yield return ChaosKind.Latency;
        if (OutcomeRate > 0) yield return ChaosKind.Outcome;
        if (BlockThreadMs > 0 && EffectiveBlockThreadRate > 0) yield return ChaosKind.Behaviour;
    }

    internal double EffectiveLatencyRate => LatencyRate ?? (LatencyMs > 0 ? 1.0 : 0.0);

    internal double EffectiveBlockThreadRate => BlockThreadRate ?? (BlockThreadMs > 0 ? 1.0 : 0.0);

    internal int EffectiveOutcomeStatus => OutcomeStatus ?? DefaultOutcomeStatus;

    /// <summary>Errors keyed by the camelCase field name, as the API reports them; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(ChaosOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        void Rate(string field, double? rate)
        {
            if (rate is { } r && !(r >= 0.0 && r <= 1.0)) errors[field] = [$"{field} must be between 0.0 and 1.0."];
        }
        Rate("faultRate", FaultRate);
        Rate("latencyRate", LatencyRate);
        Rate("outcomeRate", OutcomeRate);
        Rate("blockThreadRate", BlockThreadRate);
        if (LatencyMs is < 0 || LatencyMs > options.MaxLatencyMs)
            errors["latencyMs"] = [$"latencyMs must be between 0 and {options.MaxLatencyMs}."];
        // Unlike latencyMs, 0 is refused: blocking for 0 ms is no fault, yet it would count as an injection.
        if (BlockThreadMs is <= 0 || BlockThreadMs > options.MaxLatencyMs)
            errors["blockThreadMs"] = [$"blockThreadMs must be between 1 and {options.MaxLatencyMs}."];
        if (OutcomeStatus is < 100 or > 599)
            errors["outcomeStatus"] = ["outcomeStatus must be an HTTP status code (100 to 599)."];
        if (FailFirst is < 0)
            errors["failFirst"] = ["failFirst must be 0 or more."];
        if (MaxInjections is < 1)
            errors["maxInjections"] = ["maxInjections must be 1 or more (leave it out for no limit)."];
        if (TtlSeconds is { } ttl && (ttl < 1 || ttl > options.MaxTtl.TotalSeconds))
            errors["ttlSeconds"] = [$"ttlSeconds must be between 1 and {options.MaxTtl.TotalSeconds:0}."];
        if (ExperimentId is { } id && (id.Length > MaxExperimentIdLength || id.Any(char.IsControl)))
            errors["experimentId"] = [$"experimentId must be at most {MaxExperimentIdLength} printable characters."];
        if (errors.Count == 0 && !InjectsAnything)
            errors["body"] = ["Nothing to inject: set faultRate, latencyMs, blockThreadMs, outcomeRate or failFirst (DELETE removes a setting)."];
        return errors;
    }

    private bool InjectsAnything => FaultRate > 0 || (LatencyMs > 0 && EffectiveLatencyRate > 0) ||
        (BlockThreadMs > 0 && EffectiveBlockThreadRate > 0) || OutcomeRate > 0 || FailFirst > 0;
}

/// <summary>Names a target can have: a service (<c>payments</c>) or a connection (<c>orderingdb</c>, <c>cache</c>).</summary>
public static partial class ChaosTarget
{
    public static bool IsValid(string target) => Pattern().IsMatch(target);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex Pattern();
}
