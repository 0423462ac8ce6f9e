namespace Reference.Slos.Prometheus;

/// <summary>A stretch of synthetic gateway traffic in a rule test: how long, how many requests a minute, what share is bad.</summary>
public sealed record TrafficPhase(int Minutes, double RequestsPerMinute, double BadShare);

/// <summary>
/// Turns traffic phases into the input series promtool replays: the journey's request counter split into a
/// 2xx and a 5xx series, and the histogram bucket at the latency threshold. The objective under test gets the
/// bad share; the journey's other SLI stays clean.
/// </summary>
public static class Traffic
{
    public static IReadOnlyList<(string Series, string Values)> Series(SloDefinition slos, Objective objective, IReadOnlyList<TrafficPhase> phases)
    {
        var sli = slos.Sli;
        var journey = SliQueries.JourneyLabels(sli, objective.Journey);
        string Name(string metric, string label, string value) =>
            $"{metric}{{{string.Join(",", journey.Append(new(label, value)).Select(l => $"{l.Key}={Yaml.Quote(l.Value)}"))}}}";

        var availabilityBad = objective.Sli == Objective.AvailabilitySli;
        return
        [
            (Name(SliQueries.Count(sli), sli.StatusLabel, "200"),
                Values(phases, p => p.RequestsPerMinute * (1 - (availabilityBad ? p.BadShare : 0)))),
            (Name(SliQueries.Count(sli), sli.StatusLabel, "500"),
                Values(phases, p => p.RequestsPerMinute * (availabilityBad ? p.BadShare : 0))),
            (Name(SliQueries.Bucket(sli), "le", SliQueries.LatencyBucketLe(objective.Journey)),
                Values(phases, p => p.RequestsPerMinute * (availabilityBad ? 1 : 1 - p.BadShare))),
        ];
    }

    /// <summary>A counter in promtool's expanding notation: 0 at t=0, then one <c>start+step x n</c> segment per phase.</summary>
    private static string Values(IEnumerable<TrafficPhase> phases, Func<TrafficPhase, double> perMinute)
    {
        var value = 0.0;
        var segments = new List<string> { "0" };
        foreach (var phase in phases)
        {
            var step = Math.Round(perMinute(phase), 6);
            segments.Add($"{Yaml.Number(Math.Round(value + step, 6))}+{Yaml.Number(step)}x{phase.Minutes - 1}");
            value = Math.Round(value + step * phase.Minutes, 6);
        }
        return string.Join(" ", segments);
    }
}
