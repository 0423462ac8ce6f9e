using System.Text.RegularExpressions;

namespace Reference.Slos.Prometheus;

/// <summary>
/// The PromQL of each SLI over the gateway's journey-tagged request-duration histogram. Availability:
/// the 5xx share. Latency: the share slower than the threshold, read from the bucket whose <c>le</c> is the
/// threshold (the gateway has a bucket at each, so this is exact).
/// </summary>
public static partial class SliQueries
{
    public static string Count(SliSource sli) => sli.Metric + "_count";

    public static string Bucket(SliSource sli) => sli.Metric + "_bucket";

    /// <summary>The latency threshold as the <c>le</c> label the exporter writes (seconds): 0.2, 0.25, 0.8.</summary>
    public static string LatencyBucketLe(Journey journey) => Yaml.Number(journey.Latency.ThresholdMs / 1000);

    /// <summary>The labels that select a journey's series: the source's selector plus the journey label.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> JourneyLabels(SliSource sli, Journey journey) =>
        [.. SelectorPair().Matches(sli.Selector ?? "").Select(m => KeyValuePair.Create(m.Groups["key"].Value, m.Groups["value"].Value)),
         KeyValuePair.Create(sli.JourneyLabel, journey.Name)];

    /// <summary>The share of bad events over <paramref name="window"/>: in [0, 1], absent when there were no requests.</summary>
    public static string ErrorRatio(SliSource sli, Objective objective, string window)
    {
        var journey = Selector(JourneyLabels(sli, objective.Journey));
        var total = $"sum(rate({Count(sli)}{{{journey}}}[{window}]))";
        // "> 0": a window without requests has no ratio (absent), not 0/0 = NaN — one NaN in the period's mean
        // would make the budget unreadable for the whole 30 days.
        var denominator = $"({total} > 0)";
        return objective.Sli switch
        {
            // "or vector(0)": with no 5xx at all the numerator has no series, and the ratio must be 0, not absent.
            Objective.AvailabilitySli => Lines(
                "(",
                $"  sum(rate({Count(sli)}{{{journey},{sli.StatusLabel}=~{Yaml.Quote(sli.ErrorStatusRegex)}}}[{window}]))",
                "  or vector(0)",
                ")",
                "/",
                denominator),
            Objective.LatencySli => Lines(
                "(",
                $"  {total}",
                "  -",
                $"  sum(rate({Bucket(sli)}{{{journey},le={Yaml.Quote(LatencyBucketLe(objective.Journey))}}}[{window}]))",
                ")",
                "/",
                denominator),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective.Sli, "unknown SLI"),
        };
    }

    /// <summary>How many requests the journey served over <paramref name="window"/>: the minimum-events guard reads it.</summary>
    public static string Events(SliSource sli, Objective objective, string window) =>
        $"sum(increase({Count(sli)}{{{Selector(JourneyLabels(sli, objective.Journey))}}}[{window}]))";

    internal static string Lines(params string[] lines) => string.Join("\n", lines);

    private static string Selector(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.Select(l => $"{l.Key}={Yaml.Quote(l.Value)}"));

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"(?<value>[^\"]*)\"")]
    private static partial Regex SelectorPair();
}
