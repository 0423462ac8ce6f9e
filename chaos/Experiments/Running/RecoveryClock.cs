using Reference.Load.Stats;
using Reference.Slos;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// Time to recover, from the load's per-second series: from the moment the fault was removed (or the
/// process killed) to the first of <see cref="ConsecutiveSteadySeconds"/> steady seconds in a row. A
/// steady second has requests, none of them failed or shed, and a p99 within the loosest latency
/// objective of the SLO definition (the series mixes journeys, so it cannot hold each to its own).
/// Resolution is one second.
/// </summary>
public static class RecoveryClock
{
    /// <summary>Three: one good second between two bad ones is luck, not recovery.</summary>
    public const int ConsecutiveSteadySeconds = 3;

    public static double SteadyP99Ms { get; } = SloDefinition.Current.Journeys.Max(j => j.Latency.ThresholdMs);

    public static bool IsSteady(SecondStats second, double p99Ms) =>
        second.Started > 0 && second.Errors == 0 && second.Shed == 0 && second.P99Ms <= p99Ms;

    /// <param name="from">Seconds since the start of the run when the clock starts.</param>
    /// <param name="latencyMultiplier">The steady state's latency allowance (1, unless a test of the runner loosens it).</param>
    /// <returns>Null when the series never became steady after <paramref name="from"/>.</returns>
    public static TimeSpan? Measure(IReadOnlyList<SecondStats> seconds, double from, double latencyMultiplier = 1)
    {
        var p99Ms = SteadyP99Ms * latencyMultiplier;
        var first = (int)Math.Floor(from);
        for (var s = Math.Max(0, first); s + ConsecutiveSteadySeconds <= seconds.Count; s++)
        {
            var window = seconds.Skip(s).Take(ConsecutiveSteadySeconds);
            if (!window.All(s => IsSteady(s, p99Ms))) continue;
            // Steady from the start of second s; never less than zero (already steady when the fault went).
            return TimeSpan.FromSeconds(Math.Max(0, s - from));
        }
        return null;
    }
}
