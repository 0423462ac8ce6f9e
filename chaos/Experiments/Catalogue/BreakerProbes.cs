using System.Globalization;
using System.Text.RegularExpressions;
using Reference.Chaos.Experiments.Model;
using Reference.Load.Thresholds;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// "The breaker does not flap", from Polly's own telemetry on every service's <c>/metrics</c>: the
/// <c>OnCircuitOpened</c> and <c>OnCircuitClosed</c> events per service and pipeline, before and after the fault.
/// Flapping is closing and opening again: open → closed → open. A breaker that opens and stays open
/// while its half-open probes keep failing also reports an opening per failed probe (Polly goes
/// half-open → open); that is the breaker doing its job against a dependency that stays broken.
/// </summary>
public static partial class BreakerProbes
{
    private const string Before = "breaker-events-before";

    public static ChaosActivity CountOpenings { get; } = ChaosActivity.Action("count circuit-breaker openings", async (ctx, ct) =>
    {
        var counts = await EventsAsync(ctx, ct);
        ctx.Remember(Before, counts);
        return $"{counts.Where(c => c.Key.EndsWith(Opened, StringComparison.Ordinal)).Sum(c => c.Value)} openings so far";
    });

    public static Probe NoBreakerFlapped { get; } = new("no circuit breaker flapped", async (ctx, ct) =>
    {
        var before = ctx.Recall<Dictionary<string, double>>(Before);
        var after = await EventsAsync(ctx, ct);
        double During(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var breakers = after.Keys.Select(k => k[..k.LastIndexOf('|')]).Distinct().ToList();
        var seen = breakers
            .Select(b => (Breaker: b, Opened: During($"{b}|{Opened}"), Closed: During($"{b}|{Closed}")))
            .Where(b => b.Opened > 0 || b.Closed > 0)
            .ToList();
        // Each closing followed by another opening is one flap.
        var flapped = seen.Where(b => Math.Min(b.Opened - 1, b.Closed) > 0).ToList();
        return [new CheckResult("afterwards", "no circuit breaker flapped", "no breaker closed and opened again (open → closed → open)",
            seen.Count == 0 ? "no breaker opened" : string.Join("; ", seen.Select(b => $"{b.Breaker} opened {b.Opened:0}x, closed {b.Closed:0}x")),
            flapped.Count == 0)];
    });

    private const string Opened = "OnCircuitOpened", Closed = "OnCircuitClosed";

    /// <summary>Event counts keyed <c>service/pipeline|event</c>.</summary>
    private static async Task<Dictionary<string, double>> EventsAsync(Running.ExperimentContext ctx, CancellationToken ct)
    {
        var counts = new Dictionary<string, double>();
        foreach (var service in ctx.System.Services)
        {
            var text = await ctx.Http.GetStringAsync(new Uri(ctx.System.Endpoint(service), "/metrics"), ct);
            foreach (Match m in BreakerEventLine().Matches(text))
            {
                var pipeline = PipelineName().Match(m.Groups["labels"].Value) is { Success: true } p ? p.Groups[1].Value : "?";
                var key = $"{service}/{pipeline}|{m.Groups["event"].Value}";
                counts[key] = counts.GetValueOrDefault(key) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return counts;
    }

    [GeneratedRegex("""^resilience_polly_strategy_events(?:_total)?\{(?<labels>[^}]*event_name="(?<event>OnCircuitOpened|OnCircuitClosed)"[^}]*)\}\s+(?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex BreakerEventLine();

    [GeneratedRegex("""pipeline_name="([^"]*)""")]
    private static partial Regex PipelineName();
}
