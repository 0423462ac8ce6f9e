using Reference.Slos;
using Reference.Slos.Prometheus;

namespace Reference.SloPage;

/// <summary>One SLO (journey × SLI) as the page shows it; null values: Prometheus has no data for that window yet.</summary>
public sealed record ObjectiveView(
    Objective Objective,
    IReadOnlyDictionary<string, double?> GoodShare,
    IReadOnlyList<BurnView> Burns,
    double? BudgetRemaining)
{
    public BudgetState? State => BudgetRemaining is { } remaining ? ErrorBudgetPolicy.For(remaining) : null;
}

/// <summary>An alert's two windows: the burn rate over each, and whether both are above the alert's rate.</summary>
public sealed record BurnView(BurnRateAlert Alert, double? LongBurn, double? ShortBurn)
{
    public bool Burning => LongBurn > Alert.BurnRate && ShortBurn > Alert.BurnRate;
}

public sealed record JourneyView(Journey Journey, IReadOnlyList<ObjectiveView> Objectives, IReadOnlyList<FiringAlert> Alerts);

/// <summary>Everything the page shows, read from Prometheus in one go; <see cref="Error"/> when Prometheus could not be read.</summary>
public sealed record SloBoard(IReadOnlyList<JourneyView> Journeys, string? Error)
{
    /// <summary>The SLI windows the page shows, and the period.</summary>
    public static readonly string[] SliWindows = ["5m", "1h", "6h"];

    public static async Task<SloBoard> ReadAsync(PrometheusReader prometheus, SloDefinition slos, CancellationToken cancellationToken)
    {
        try
        {
            var windows = SliWindows.Concat(slos.AlertWindows).Append(slos.Period).Distinct().ToList();
            var ratios = new Dictionary<string, IReadOnlyList<Sample>>();
            foreach (var window in windows)
            {
                ratios[window] = await prometheus.QueryAsync($"{RuleNames.ErrorRatio(window)}{{sloth_service=\"{slos.Service}\"}}", cancellationToken);
            }
            var remaining = await prometheus.QueryAsync($"{RuleNames.ErrorBudgetRemaining}{{sloth_service=\"{slos.Service}\"}}", cancellationToken);
            var alerts = (await prometheus.AlertsAsync(cancellationToken)).Where(a => a.Label("sloth_service") == slos.Service).ToList();

            double? Ratio(string window, Objective objective) =>
                ratios[window].FirstOrDefault(s => s.Label("sloth_slo") == objective.Name)?.Value is { } v && !double.IsNaN(v) ? v : null;

            return new SloBoard([.. slos.Journeys.Select(journey => new JourneyView(journey,
                [.. journey.Objectives.Select(objective => new ObjectiveView(objective,
                    SliWindows.Append(slos.Period).ToDictionary(w => w, w => Ratio(w, objective) is { } r ? 1 - r : (double?)null),
                    [.. slos.BurnRateAlerts.Select(a => new BurnView(a,
                        Ratio(a.LongWindow, objective) / objective.ErrorBudget,
                        Ratio(a.ShortWindow, objective) / objective.ErrorBudget))],
                    remaining.FirstOrDefault(s => s.Label("sloth_slo") == objective.Name)?.Value is { } left && !double.IsNaN(left) ? left : null))],
                [.. alerts.Where(a => a.Label("journey") == journey.Name)]))], null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new SloBoard([], $"Prometheus could not be read: {ex.Message}");
        }
    }
}
