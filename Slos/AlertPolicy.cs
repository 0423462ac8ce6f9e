namespace Reference.Slos;

/// <summary>
/// How burn is alerted: the multi-window burn-rate alerts, and the traffic an alert's short window needs
/// before it may fire at all.
/// </summary>
/// <param name="MinimumEvents">
/// Requests of the journey an alert's short window must hold. Below it a handful of failures is a huge
/// ratio (1 bad of 10 is 100x browse's budget) and says nothing about users, so low traffic never pages.
/// </param>
/// <param name="RunbookBaseUrl">Prefix for the runbook paths in <c>runbook_url</c> (empty: repository-relative paths).</param>
public sealed record AlertPolicy(int MinimumEvents, string RunbookBaseUrl, IReadOnlyList<BurnRateAlert> BurnRateAlerts)
{
    public const string PageSeverity = "page";

    public string RunbookUrl(BurnRateAlert alert) => (RunbookBaseUrl ?? "") + alert.Runbook;

    /// <summary>
    /// The minimum must be big enough that one bad request alone can never reach a paging burn rate on any
    /// objective: minimumEvents x burnRate x errorBudget > 1.
    /// </summary>
    internal void Validate(IEnumerable<Objective> objectives)
    {
        if (BurnRateAlerts.Count == 0) throw new InvalidDataException("alertPolicy.burnRateAlerts must list at least one alert.");
        foreach (var alert in BurnRateAlerts)
        {
            if (alert.Long <= alert.Short)
                throw new InvalidDataException($"alert {alert.Name}: the long window ({alert.LongWindow}) must be longer than the short one ({alert.ShortWindow}).");
        }
        foreach (var objective in objectives)
        {
            foreach (var page in BurnRateAlerts.Where(a => a.Severity == PageSeverity))
            {
                if (MinimumEvents * page.BurnRate * objective.ErrorBudget <= 1)
                    throw new InvalidDataException(
                        $"alertPolicy.minimumEvents {MinimumEvents} lets a single bad request page {page.Name} on {objective.Name}: " +
                        $"it must exceed 1 / ({page.BurnRate} x {objective.ErrorBudget}) = {Math.Ceiling(1 / (page.BurnRate * objective.ErrorBudget))}.");
            }
        }
    }
}
