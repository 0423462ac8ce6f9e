namespace Reference.Slos;

/// <summary>
/// One SLO: a journey's SLI (<c>availability</c> or <c>latency</c>) and its target over the period. The
/// unit every Prometheus rule group, alert and test is generated for.
/// </summary>
public sealed record Objective(Journey Journey, string Sli, double Target)
{
    public const string AvailabilitySli = "availability";
    public const string LatencySli = "latency";

    /// <summary>The share of requests allowed to be bad over the period (1 - target).</summary>
    public double ErrorBudget => Math.Round(1 - Target, 12);

    /// <summary>Sloth's SLO name: <c>browse-availability</c>.</summary>
    public string Name => $"{Journey.Name}-{Sli}";
}
