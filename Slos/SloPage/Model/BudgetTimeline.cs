using Reference.Slos;
using Reference.Slos.Prometheus;

namespace Reference.SloPage;

/// <summary>What was going on while budget was spent: a chaos fault in force, a load run, a scrape target down.</summary>
public enum MarkerKind { Chaos, Load, Down }

/// <summary>A stretch of time the budget timeline marks, with what it was (<c>postgres down</c>, <c>load run</c>).</summary>
public sealed record Marker(MarkerKind Kind, string What, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// The last <see cref="Span"/> of every SLO's error budget remaining, with markers for what the system was going
/// through meanwhile, all read from Prometheus: faults in force from the fault proxies' and services' gauge
/// <c>reference_chaos_faults_active</c>, load runs from the gateway's <c>reference_gateway_synthetic_requests_total</c>,
/// and scrape targets down (<c>up == 0</c>: a crashed replica). So a burn reads next to its cause.
/// </summary>
public sealed record BudgetTimeline(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset At, double Value)>> BudgetByObjective,
    IReadOnlyList<Marker> Markers,
    string? Error)
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(3);

    /// <summary>180 points over 3 h. Each point looks back one step (<c>max_over_time</c>), so a fault shorter than a step still shows.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public const string ChaosQuery = "max by (target, kind) (max_over_time(reference_chaos_faults_active[1m])) > 0";
    public const string LoadQuery = "sum(increase(reference_gateway_synthetic_requests_total[1m])) > 0";
    /// <summary>Down after having been up: a target not yet listening when Prometheus first scraped it is starting, not down.</summary>
    public const string DownQuery = "(min by (instance) (min_over_time(up[1m])) == 0) and on (instance) (max by (instance) (max_over_time(up[1h] offset 1m)) == 1)";

    public static async Task<BudgetTimeline> ReadAsync(PrometheusReader prometheus, SloDefinition slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Ending now, not at a whole minute: a fault that began seconds ago must already show.
        var to = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var from = to - Span;
        try
        {
            var budgets = await prometheus.QueryRangeAsync($"{RuleNames.ErrorBudgetRemaining}{{sloth_service=\"{slos.Service}\"}}", from, to, Step, cancellationToken);
            var markers = new List<Marker>();
            foreach (var series in await prometheus.QueryRangeAsync(ChaosQuery, from, to, Step, cancellationToken))
                markers.AddRange(Stretches(series, MarkerKind.Chaos, $"{series.Label("target")} {series.Label("kind")}"));
            foreach (var series in await prometheus.QueryRangeAsync(LoadQuery, from, to, Step, cancellationToken))
                markers.AddRange(Stretches(series, MarkerKind.Load, "load run"));
            foreach (var series in await prometheus.QueryRangeAsync(DownQuery, from, to, Step, cancellationToken))
                markers.AddRange(Stretches(series, MarkerKind.Down, $"{series.Label("instance")} down"));

            return new BudgetTimeline(from, to,
                budgets.GroupBy(s => s.Label("sloth_slo")).ToDictionary(g => g.Key, g => (IReadOnlyList<(DateTimeOffset, double)>)[.. g.First().Points.Where(p => double.IsFinite(p.Value))]),
                [.. markers.OrderBy(m => m.From)], null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new BudgetTimeline(from, to, new Dictionary<string, IReadOnlyList<(DateTimeOffset, double)>>(), [], $"Prometheus could not be read: {ex.Message}");
        }
    }

    /// <summary>
    /// A filtered range query has points only where the condition held: runs of consecutive steps are one marker,
    /// each point standing for the step that ends at it.
    /// </summary>
    public static IEnumerable<Marker> Stretches(Series series, MarkerKind kind, string what)
    {
        DateTimeOffset? start = null, last = null;
        foreach (var (at, _) in series.Points)
        {
            if (last is { } previous && at - previous > Step * 1.5)
            {
                yield return new Marker(kind, what, start!.Value - Step, previous);
                start = null;
            }
            start ??= at;
            last = at;
        }
        if (start is { } s && last is { } l) yield return new Marker(kind, what, s - Step, l);
    }
}
