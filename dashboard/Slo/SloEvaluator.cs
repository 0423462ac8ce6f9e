using Reference.Slos;

namespace Reference.Dashboard.Slo;

public enum SliKind { Availability, Latency }

public enum AlertState { Ok, Ticket, Page }

/// <summary>One SLI over one window.</summary>
public sealed record WindowSli(string Window, long Total, double? Availability, double? Latency, double AvailabilityBurn, double LatencyBurn);

/// <summary>One burn-rate alert for one SLI: both windows must burn faster than the alert's rate to fire.</summary>
public sealed record AlertEvaluation(BurnRateAlert Alert, SliKind Sli, double LongBurn, double ShortBurn, bool Firing);

public sealed record JourneyStatus(
    Journey Journey,
    IReadOnlyList<WindowSli> Windows,
    double AvailabilityBudgetLeft,
    double LatencyBudgetLeft,
    long RequestsHeld,
    DateTime? Since,
    IReadOnlyList<AlertEvaluation> Alerts)
{
    /// <summary>The most severe firing alert decides the journey's state.</summary>
    public AlertState State => Alerts.Where(a => a.Firing)
        .Select(a => a.Alert.Severity == "page" ? AlertState.Page : AlertState.Ticket)
        .DefaultIfEmpty(AlertState.Ok).Max();

    /// <summary>The runbook of the most severe firing alert (null when nothing fires).</summary>
    public string? Runbook => Alerts.Where(a => a.Firing)
        .OrderByDescending(a => a.Alert.Severity == "page").ThenByDescending(a => a.Alert.BurnRate)
        .Select(a => a.Alert.Runbook).FirstOrDefault();
}

/// <summary>Turns the ledger's counts into SLIs, burn rates, budget left and multi-window alert states.</summary>
public static class SloEvaluator
{
    /// <summary>The windows the SLO page shows.</summary>
    public static readonly string[] DisplayWindows = ["5m", "1h", "6h"];

    public static IReadOnlyList<JourneyStatus> Evaluate(SloLedger ledger, DateTime now) =>
        ledger.Definition.Journeys.Select(j => Evaluate(ledger, j, now)).ToArray();

    public static JourneyStatus Evaluate(SloLedger ledger, Journey journey, DateTime now)
    {
        var windows = DisplayWindows.Select(w =>
        {
            var c = ledger.Window(journey.Name, now, BurnRateAlert.ParseWindow(w));
            return new WindowSli(w, c.Total,
                SloMath.Sli(c.Total - c.Errors, c.Total), SloMath.Sli(c.Total - c.Slow, c.Total),
                SloMath.BurnRate(c.Errors, c.Total, journey.ErrorBudget), SloMath.BurnRate(c.Slow, c.Total, LatencyBudget(journey)));
        }).ToArray();

        var alerts = new List<AlertEvaluation>();
        foreach (var alert in ledger.Definition.BurnRateAlerts)
        {
            var longCounts = ledger.Window(journey.Name, now, alert.Long);
            var shortCounts = ledger.Window(journey.Name, now, alert.Short);
            alerts.Add(Alert(alert, SliKind.Availability,
                SloMath.BurnRate(longCounts.Errors, longCounts.Total, journey.ErrorBudget),
                SloMath.BurnRate(shortCounts.Errors, shortCounts.Total, journey.ErrorBudget),
                shortCounts.Total));
            alerts.Add(Alert(alert, SliKind.Latency,
                SloMath.BurnRate(longCounts.Slow, longCounts.Total, LatencyBudget(journey)),
                SloMath.BurnRate(shortCounts.Slow, shortCounts.Total, LatencyBudget(journey)),
                shortCounts.Total));
        }

        var (all, since) = ledger.All(journey.Name);
        return new JourneyStatus(journey, windows,
            SloMath.ErrorBudgetRemaining(all.Errors, all.Total, journey.ErrorBudget),
            SloMath.ErrorBudgetRemaining(all.Slow, all.Total, LatencyBudget(journey)),
            all.Total, since, alerts);
    }

    /// <summary>
    /// Fewer requests than this in the short window never fire an alert: right after a start, one slow
    /// request out of three is a 33 % error rate and a burn rate in the hundreds, which is noise, not an
    /// incident. (Production alerting rules carry the same minimum-volume guard.)
    /// </summary>
    public const long MinimumRequestsToAlert = 20;

    /// <summary>The multi-window rule: page (or ticket) only when the long AND the short window burn at the alert's rate.</summary>
    public static AlertEvaluation Alert(BurnRateAlert alert, SliKind sli, double longBurn, double shortBurn, long requestsInShortWindow = MinimumRequestsToAlert) =>
        new(alert, sli, longBurn, shortBurn,
            requestsInShortWindow >= MinimumRequestsToAlert && longBurn >= alert.BurnRate && shortBurn >= alert.BurnRate);

    /// <summary>The latency objective's budget: the fraction of requests allowed to be slow (1 - target).</summary>
    public static double LatencyBudget(Journey journey) => 1 - journey.Latency.Target;
}
