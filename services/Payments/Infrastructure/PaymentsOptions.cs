using System.ComponentModel.DataAnnotations;

namespace Reference.Payments.Infrastructure;

/// <summary>Configuration section <c>Payments</c>: the provider's behaviour at start and its decline rule.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Latency added to every payment call at start (<c>Payments:LatencyMs</c>).</summary>
    [Range(0, Model.ProviderBehaviour.MaxLatencyMs)]
    public int LatencyMs { get; set; }

    /// <summary>Share of payment calls that fail at start (<c>Payments:FailureRate</c>, 0.0 to 1.0).</summary>
    [Range(0.0, 1.0)]
    public double FailureRate { get; set; }

    /// <summary>
    /// The decline rule, deterministic so tests and experiments can ask for a decline on purpose:
    /// an amount strictly greater than this is declined (<c>Payments:DeclineAbove</c>, default 10000).
    /// </summary>
    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal DeclineAbove { get; set; } = 10_000m;
}
