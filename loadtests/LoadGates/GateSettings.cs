using System.Globalization;
using System.Text.Json;

namespace Reference.LoadGates;

/// <summary>
/// The shape and rates of every gate. Two profiles: <c>short</c> (the default, for CI: the whole run
/// stays under about five minutes) and <c>full</c> (DESIGN.md "Load profiles" as written), chosen with
/// <c>REFERENCE_LOAD_PROFILE=full</c>. Numbers live in <c>gatesettings.json</c> next to this file, not
/// in test bodies; <c>REFERENCE_LOAD_OVERLOAD_RATE</c> overrides the overload rate for one run.
/// </summary>
public sealed record GateSettings
{
    public const string ProfileVariable = "REFERENCE_LOAD_PROFILE";
    public const string OverloadRateVariable = "REFERENCE_LOAD_OVERLOAD_RATE";
    private const string FileName = "gatesettings.json";

    public string Profile { get; init; } = "short";

    /// <summary>1x, requests per second (DESIGN.md: 50).</summary>
    public double OneXRate { get; init; } = 50;
    public double SpikeFactor { get; init; } = 10;

    /// <summary>
    /// Unjudged load (half at 1x, half at half the spike rate) once after the system starts, before the first gate: a fresh process pays for JIT,
    /// connection pools and empty caches (e.g. Basket's last-known prices) for its first ~15 s, which
    /// is a deploy, not the steady state the gates promise.
    /// </summary>
    public TimeSpan SystemWarmUp { get; init; }
    /// <summary>Unjudged 1x at the start of every gate: JIT, connection pools and thread pools on both sides.</summary>
    public TimeSpan WarmUp { get; init; }
    public TimeSpan Baseline { get; init; }
    public TimeSpan BeforeSpike { get; init; }
    public TimeSpan Spike { get; init; }
    /// <summary>The final 1x phase after the spike; only its part after <see cref="RecoveryAllowance"/> is judged against the 1x SLOs.</summary>
    public TimeSpan AfterSpike { get; init; }
    /// <summary>How long after a spike (or overload) the system may take to be back within the 1x SLOs (DESIGN.md: 30 s).</summary>
    public TimeSpan RecoveryAllowance { get; init; }

    /// <summary>The capacity this machine measured (highest rate that met every SLO, see docs/load.md).</summary>
    public double MeasuredCapacity { get; init; }
    /// <summary>Overload = this multiple of <see cref="MeasuredCapacity"/> (DESIGN.md: 2).</summary>
    public double OverloadFactor { get; init; } = 2;
    public TimeSpan Overload { get; init; }
    /// <summary>The 1x tail after overload, of which the part after <see cref="OverloadRecoveryAllowance"/> is judged.</summary>
    public TimeSpan OverloadTail { get; init; }
    public TimeSpan OverloadRecoveryAllowance { get; init; }
    /// <summary>Set from <c>REFERENCE_LOAD_OVERLOAD_RATE</c>; otherwise OverloadFactor x MeasuredCapacity.</summary>
    public double? OverloadRateOverride { get; init; }

    /// <summary>Settings for the gateway under test (e.g. <c>Admission__MinLimit</c>), applied through the AppHost.</summary>
    public Dictionary<string, string> GatewayEnvironment { get; init; } = [];

    public double SpikeRate => OneXRate * SpikeFactor;
    public double OverloadRate => OverloadRateOverride ?? OverloadFactor * MeasuredCapacity;
    public bool IsFull => Profile == "full";

    public static GateSettings Current { get; } = Load();

    private static GateSettings Load()
    {
        var profile = Environment.GetEnvironmentVariable(ProfileVariable) is { Length: > 0 } p ? p.Trim().ToLowerInvariant() : "short";
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("profiles", out var profiles) || !profiles.TryGetProperty(profile, out var section))
            throw new InvalidOperationException($"{ProfileVariable}='{profile}' is not a profile in {FileName}; use 'short' or 'full'.");
        var settings = section.Deserialize<GateSettings>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException($"{FileName}: profile '{profile}' is empty.");
        if (document.RootElement.TryGetProperty("gatewayEnvironment", out var gateway))
            settings = settings with { GatewayEnvironment = gateway.Deserialize<Dictionary<string, string>>() ?? [] };
        if (document.RootElement.TryGetProperty("measuredCapacity", out var capacity))
            settings = settings with { MeasuredCapacity = capacity.GetDouble() };
        if (Environment.GetEnvironmentVariable(OverloadRateVariable) is { Length: > 0 } rate)
        {
            if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                throw new InvalidOperationException($"{OverloadRateVariable} must be a positive number of requests per second, got '{rate}'.");
            settings = settings with { OverloadRateOverride = parsed };
        }
        settings = settings with { Profile = profile };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        if (OneXRate <= 0 || SpikeFactor <= 0 || OverloadFactor <= 0) throw new InvalidOperationException($"{FileName}: rates and factors must be positive.");
        if (MeasuredCapacity <= 0 && OverloadRateOverride is null) throw new InvalidOperationException($"{FileName}: measuredCapacity must be positive (run the capacity search, docs/load.md).");
        foreach (var (name, value) in new[] { ("systemWarmUp", SystemWarmUp), ("warmUp", WarmUp), ("baseline", Baseline), ("beforeSpike", BeforeSpike), ("spike", Spike), ("overload", Overload) })
            if (value <= TimeSpan.Zero) throw new InvalidOperationException($"{FileName}: profile '{Profile}': {name} must be positive, got {value}.");
        if (RecoveryAllowance <= TimeSpan.Zero || AfterSpike <= RecoveryAllowance)
            throw new InvalidOperationException($"{FileName}: profile '{Profile}': afterSpike ({AfterSpike}) must be longer than recoveryAllowance ({RecoveryAllowance}).");
        if (OverloadRecoveryAllowance <= TimeSpan.Zero || OverloadTail <= OverloadRecoveryAllowance)
            throw new InvalidOperationException($"{FileName}: profile '{Profile}': overloadTail ({OverloadTail}) must be longer than overloadRecoveryAllowance ({OverloadRecoveryAllowance}).");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"profile {Profile}: 1x {OneXRate:0.#} req/s, spike {SpikeRate:0.#} req/s, overload {OverloadRate:0.#} req/s ({(OverloadRateOverride is null ? $"{OverloadFactor:0.#}x measured capacity {MeasuredCapacity:0.#}" : OverloadRateVariable)})");
}
