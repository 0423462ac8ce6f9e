using System.Globalization;
using System.Text.RegularExpressions;
using Reference.Chaos.Experiments.Model;
using Reference.Load.Thresholds;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// "The breaker does not flap", from Polly's own telemetry on every service's <c>/metrics</c>: the
/// count of <c>OnCircuitOpened</c> events per service and pipeline, before and after the fault.
/// </summary>
public static partial class BreakerProbes
{
    private const string Before = "breaker-openings-before";
    /// <summary>Once is a breaker doing its job; twice or more in one fault window is flapping.</summary>
    private const int MaxOpeningsPerBreaker = 1;

    public static ChaosActivity CountOpenings { get; } = ChaosActivity.Action("count circuit-breaker openings", async (ctx, ct) =>
    {
        var counts = await OpeningsAsync(ctx, ct);
        ctx.Remember(Before, counts);
        return $"{counts.Values.Sum()} openings so far across {counts.Count} breakers";
    });

    public static Probe NoBreakerFlapped { get; } = new("no circuit breaker flapped", async (ctx, ct) =>
    {
        var before = ctx.Recall<Dictionary<string, double>>(Before);
        var after = await OpeningsAsync(ctx, ct);
        var opened = after.Select(a => (Breaker: a.Key, Count: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Count > 0).ToList();
        var flapped = opened.Where(o => o.Count > MaxOpeningsPerBreaker).ToList();
        return [new CheckResult("afterwards", "no circuit breaker flapped", $"each breaker opened at most {MaxOpeningsPerBreaker} time",
            opened.Count == 0 ? "no breaker opened" : string.Join("; ", opened.Select(o => $"{o.Breaker} opened {o.Count:0}x")), flapped.Count == 0)];
    });

    private static async Task<Dictionary<string, double>> OpeningsAsync(Running.ExperimentContext ctx, CancellationToken ct)
    {
        var counts = new Dictionary<string, double>();
        foreach (var service in ctx.System.Services)
        {
            var text = await ctx.Http.GetStringAsync(new Uri(ctx.System.Endpoint(service), "/metrics"), ct);
            foreach (Match m in OpenedLine().Matches(text))
            {
                var pipeline = PipelineName().Match(m.Groups["labels"].Value) is { Success: true } p ? p.Groups[1].Value : "?";
                var key = $"{service}/{pipeline}";
                counts[key] = counts.GetValueOrDefault(key) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return counts;
    }

    [GeneratedRegex("""^resilience_polly_strategy_events(?:_total)?\{(?<labels>[^}]*event_name="OnCircuitOpened"[^}]*)\}\s+(?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex OpenedLine();

    [GeneratedRegex("""pipeline_name="([^"]*)""")]
    private static partial Regex PipelineName();
}
