using Reference.Load.Simulations;
using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Load.Profiles;

/// <summary>A named load shape with the checks that judge it.</summary>
public sealed record LoadProfile(string Name, string Description, IReadOnlyList<LoadSimulation> Simulations, Func<RunResult, Verdict> Judge);

/// <summary>
/// The load profiles of DESIGN.md ("Load profiles"). Rates are settings: 1x = 50 requests/s times the
/// rate multiplier. <c>short</c> shrinks every phase to 15 s for CI.
/// </summary>
public static class LoadProfiles
{
    public const double OneXRate = 50;
    public const double SpikeFactor = 10;
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ShedP99Limit = TimeSpan.FromMilliseconds(50);

    public static readonly string[] Names = ["baseline", "spike", "overload"];

    /// <summary>At 1x nothing should be shed: more than this share of shed requests fails a 1x phase.</summary>
    public const double OneXMaxShedFraction = 0.001;

    /// <summary>Every profile starts with an unjudged warm-up at 1x (NBomber's WithWarmUpDuration): the
    /// first requests of a process pay for JIT, connection setup and thread-pool growth on both sides.</summary>
    public const string WarmUpPhase = "warm-up";

    public static TimeSpan WarmUp(bool @short) => @short ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);

    /// <summary>1x for 60 s; every SLO holds, measured at the client.</summary>
    public static LoadProfile Baseline(double rateMultiplier = 1, bool @short = false, SloDefinition? slos = null)
    {
        var oneX = OneXRate * rateMultiplier;
        var thresholds = SloThresholds.FromDefinition(slos ?? SloDefinition.Current).WithMaxShedFraction(OneXMaxShedFraction);
        return new LoadProfile("baseline", $"{oneX:0.#} req/s for {Long(@short).TotalSeconds:0} s",
            [Simulation.Inject(oneX, Second, WarmUp(@short), WarmUpPhase), Simulation.Inject(oneX, Second, Long(@short), "baseline")],
            result => thresholds.Evaluate(result.Phase("baseline")));
    }

    /// <summary>1x, then 10x for 60 s, then 1x for 60 s (judged as 30 s "recovery" and 30 s "after").</summary>
    public static LoadProfile Spike(double rateMultiplier = 1, bool @short = false, SloDefinition? slos = null)
    {
        var oneX = OneXRate * rateMultiplier;
        var tenX = oneX * SpikeFactor;
        var phase = Long(@short);
        var half = @short ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(30);
        var slo = SloThresholds.FromDefinition(slos ?? SloDefinition.Current).WithAnswerWithin(AnswerLimit);
        return new LoadProfile("spike",
            $"{oneX:0.#} req/s {phase.TotalSeconds:0} s, {tenX:0.#} req/s {phase.TotalSeconds:0} s, {oneX:0.#} req/s {2 * half.TotalSeconds:0} s",
            [
                Simulation.Inject(oneX, Second, WarmUp(@short), WarmUpPhase),
                Simulation.Inject(oneX, Second, phase, "before"),
                Simulation.Inject(tenX, Second, phase, "spike"),
                Simulation.Inject(oneX, Second, half, "recovery"),
                Simulation.Inject(oneX, Second, half, "after"),
            ],
            result => Verdict.Combine(
                slo.WithMaxShedFraction(OneXMaxShedFraction).Evaluate(result.Phase("before")),
                // Admitted requests keep availability and 2x the latency objective; the excess is shed fast.
                slo.WithLatencyMultiplier(2).WithFastShedding(ShedP99Limit).Evaluate(result.Phase("spike")),
                // Right after the spike queues drain: only "answered, and shed fast" is promised.
                slo.WithoutJourneys().WithFastShedding(ShedP99Limit).Evaluate(result.Phase("recovery")),
                // ... and within 30 s the 1x SLOs hold again.
                slo.WithMaxShedFraction(OneXMaxShedFraction).Evaluate(result.Phase("after"))));
    }

    /// <summary>2x the measured <paramref name="capacity"/> for 30 s, then 1x to show recovery.</summary>
    public static LoadProfile Overload(double capacity, double rateMultiplier = 1, bool @short = false, SloDefinition? slos = null)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "overload needs the measured capacity (req/s) > 0.");
        var oneX = OneXRate * rateMultiplier;
        var half = @short ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(30);
        var slo = SloThresholds.FromDefinition(slos ?? SloDefinition.Current).WithAnswerWithin(AnswerLimit);
        return new LoadProfile("overload",
            $"{2 * capacity:0.#} req/s (2x capacity {capacity:0.#}) for {half.TotalSeconds:0} s, then {oneX:0.#} req/s {2 * half.TotalSeconds:0} s",
            [
                Simulation.Inject(oneX, Second, WarmUp(@short), WarmUpPhase),
                Simulation.Inject(2 * capacity, Second, half, "overload"),
                Simulation.Inject(oneX, Second, half, "recovery"),
                Simulation.Inject(oneX, Second, half, "after"),
            ],
            result => Verdict.Combine(
                slo.WithFastShedding(ShedP99Limit).Evaluate(result.Phase("overload")),
                slo.WithoutJourneys().WithFastShedding(ShedP99Limit).Evaluate(result.Phase("recovery")),
                slo.WithMaxShedFraction(OneXMaxShedFraction).Evaluate(result.Phase("after"))));
    }

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static TimeSpan Long(bool @short) => @short ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(60);
}
