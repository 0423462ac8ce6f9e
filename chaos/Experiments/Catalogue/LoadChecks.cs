using System.Globalization;
using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// Checks on what the load saw in one phase of an experiment. Stricter than the load gates' SLO checks:
/// at 1x nothing is overloaded, so a 503 is a request the user did not get served, and it counts.
/// </summary>
public static class LoadChecks
{
    /// <summary>The journey kept its SLO: availability (shed counted as failed) and latency, from the one definition.</summary>
    public static IEnumerable<CheckResult> KeepsSlo(PhaseResult phase, string journeyName)
    {
        var journey = SloDefinition.Current.Journey(journeyName);
        var stats = phase.Journey(journeyName);
        if (stats is null || stats.Count == 0)
        {
            yield return new(phase.Name, $"{journeyName} keeps its SLO", "requests to judge", "none sent", false);
            yield break;
        }
        var served = (double)(stats.Count - stats.Errors - stats.Shed) / stats.Count;
        yield return new(phase.Name, $"{journeyName} availability (503 counts)", $">= {Percent(journey.Availability)} served",
            $"{Percent(served)} ({stats.Errors} errors, {stats.Shed} shed of {stats.Count})", served >= journey.Availability);
        var within = stats.Latency.FractionWithinMs(journey.Latency.ThresholdMs);
        yield return new(phase.Name, $"{journeyName} latency", $">= {Percent(journey.Latency.Target)} within {journey.Latency.ThresholdMs:0} ms",
            $"{Percent(within)} (p99 {Ms(stats.Latency.P99Ms)}, max {Ms(stats.Latency.MaxMs)})", within >= journey.Latency.Target);
    }

    /// <summary>No answer was a 5xx other than 503, a timeout or a refused connection: failures were graceful.</summary>
    public static CheckResult NoUngracefulErrors(PhaseResult phase, string? journeyName = null)
    {
        var stats = journeyName is null ? phase.Total : phase.Journey(journeyName);
        var scope = journeyName ?? "any journey";
        if (stats is null) return new(phase.Name, $"no 5xx in {scope}", "requests to judge", "none sent", false);
        return new(phase.Name, $"no 500s, timeouts or refused connections ({scope})", "0 (failures answer 503 + Retry-After)",
            $"{stats.ServerErrors} 5xx, {stats.Timeouts} timeouts, {stats.TransportErrors} transport errors of {stats.Count}", stats.Errors == 0);
    }

    /// <summary>Refusals of <paramref name="journeyName"/> were fast and said when to come back.</summary>
    public static IEnumerable<CheckResult> FailsFast(PhaseResult phase, string journeyName, TimeSpan p99Below)
    {
        var stats = phase.Journey(journeyName);
        if (stats is null || stats.Shed == 0)
        {
            yield return new(phase.Name, $"{journeyName} fails fast", $"503 p99 < {Ms(p99Below.TotalMilliseconds)}", "nothing refused", true);
            yield break;
        }
        yield return new(phase.Name, $"{journeyName} fails fast", $"503 p99 < {Ms(p99Below.TotalMilliseconds)}",
            $"p99 {Ms(stats.ShedLatency.P99Ms)} over {stats.Shed} refused", stats.ShedLatency.P99Ms < p99Below.TotalMilliseconds);
        yield return new(phase.Name, $"{journeyName} refusals carry Retry-After", "every 503 has Retry-After",
            $"{stats.ShedWithoutRetryAfter} of {stats.Shed} without", stats.ShedWithoutRetryAfter == 0);
    }

    public static CheckResult P99Below(PhaseResult phase, string journeyName, TimeSpan limit)
    {
        var stats = phase.Journey(journeyName);
        var p99 = stats?.Latency.P99Ms ?? double.NaN;
        return new(phase.Name, $"{journeyName} p99", $"< {Ms(limit.TotalMilliseconds)}",
            stats is null ? "none sent" : $"{Ms(p99)} (max {Ms(stats.Latency.MaxMs)}, {stats.Count} requests)", stats is not null && p99 < limit.TotalMilliseconds);
    }

    /// <summary>Every request that failed or was refused, as a share of all: what a user noticed.</summary>
    public static CheckResult FailedShareBelow(PhaseResult phase, double limit)
    {
        var failed = phase.Total.Errors + phase.Total.Shed;
        var share = phase.Total.Count == 0 ? 1 : (double)failed / phase.Total.Count;
        return new(phase.Name, "requests failed or refused", $"< {Percent(limit)}", $"{Percent(share)} ({failed} of {phase.Total.Count})", share < limit);
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";

    public static string Ms(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s"
        : ms.ToString(ms < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + " ms";
}
