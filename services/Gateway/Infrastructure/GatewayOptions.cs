using System.ComponentModel.DataAnnotations;
using Reference.ServiceDefaults.Admission;
using Reference.Slos;

namespace Reference.Gateway.Infrastructure;

/// <summary>How the gateway probes and forwards. Bound from the <c>Gateway</c> section, validated on start.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>How often each destination's <c>/health</c> is probed: a dead replica is skipped within about two intervals.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A probe slower than this counts as a failure.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed probes before a destination is taken out of rotation.</summary>
    [Range(1, 100)]
    public int UnhealthyAfterFailedProbes { get; set; } = 2;

    /// <summary>How long a destination that failed real requests (passive health) sits out before it is tried again.</summary>
    public TimeSpan PassiveReactivationPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most time a forwarded request may go without any activity before the gateway gives up with 504.</summary>
    public TimeSpan ProxyActivityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Criticality of each SLO journey (names from <c>Slos/slos.json</c>) for admission control: under
    /// overload browse is shed first and checkout keeps its SLO longest.
    /// </summary>
    public Dictionary<string, Criticality> JourneyCriticality { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["browse"] = Criticality.Sheddable,
        ["basket"] = Criticality.Default,
        ["checkout"] = Criticality.Critical,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HealthCheckInterval <= TimeSpan.Zero) yield return new("Gateway:HealthCheckInterval must be > 0.", [nameof(HealthCheckInterval)]);
        if (HealthCheckTimeout <= TimeSpan.Zero) yield return new("Gateway:HealthCheckTimeout must be > 0.", [nameof(HealthCheckTimeout)]);
        if (PassiveReactivationPeriod <= TimeSpan.Zero) yield return new("Gateway:PassiveReactivationPeriod must be > 0.", [nameof(PassiveReactivationPeriod)]);
        if (ProxyActivityTimeout <= TimeSpan.Zero) yield return new("Gateway:ProxyActivityTimeout must be > 0.", [nameof(ProxyActivityTimeout)]);
        foreach (var journey in JourneyCriticality.Keys.Where(name => SloDefinition.Current.Journeys.All(j => !string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase))))
        {
            yield return new($"Gateway:JourneyCriticality:{journey} names no journey of the SLO definition.", [nameof(JourneyCriticality)]);
        }
    }
}
