namespace Reference.Slos.Prometheus;

/// <summary>Sloth's naming for SLO series and labels, so dashboards and habits made for Sloth's rules fit ours.</summary>
public static class RuleNames
{
    public static string ErrorRatio(string window) => $"slo:sli_error:ratio_rate{window}";

    public static string Events(string window) => $"slo:sli_events:increase{window}";

    public const string Objective = "slo:objective:ratio";
    public const string ErrorBudget = "slo:error_budget:ratio";
    public const string PeriodDays = "slo:time_period:days";
    public const string CurrentBurnRate = "slo:current_burn_rate:ratio";
    public const string PeriodBurnRate = "slo:period_burn_rate:ratio";
    public const string ErrorBudgetRemaining = "slo:period_error_budget_remaining:ratio";

    /// <summary><c>page-fast</c> → <c>SloBurnPageFast</c>.</summary>
    public static string Alert(BurnRateAlert alert) =>
        "SloBurn" + string.Concat(alert.Name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    public static string Id(SloDefinition slos, Objective objective) => $"{slos.Service}-{objective.Name}";

    /// <summary>The labels every series of one SLO carries: Sloth's, plus journey and sli for readable queries.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SloLabels(SloDefinition slos, Objective objective) =>
    [
        new("sloth_id", Id(slos, objective)),
        new("sloth_service", slos.Service),
        new("sloth_slo", objective.Name),
        new("journey", objective.Journey.Name),
        new("sli", objective.Sli),
    ];

    public static IReadOnlyList<KeyValuePair<string, string>> WindowLabels(SloDefinition slos, Objective objective, string window) =>
        [.. SloLabels(slos, objective), new("sloth_window", window)];
}
