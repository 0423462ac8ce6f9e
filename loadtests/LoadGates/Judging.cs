using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.LoadGates;

/// <summary>The thresholds of DESIGN.md "Load profiles", built from slos.json (never loosened here).</summary>
public static class Judging
{
    /// <summary>"Every request answered within 2 s."</summary>
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);
    /// <summary>"Excess is shed fast (429/503 with Retry-After, p99 &lt; 50 ms)."</summary>
    public static readonly TimeSpan ShedP99Limit = TimeSpan.FromMilliseconds(50);
    /// <summary>At 1x the system is not expected to shed; more than this means it is not really within its SLOs.</summary>
    public const double OneXMaxShedFraction = 0.001;
    /// <summary>"Admitted requests meet availability and 2x the latency objective" during a 10x spike.</summary>
    public const double SpikeLatencyMultiplier = 2;

    /// <summary>
    /// The harness sends each request at its intended time, give or take this (p99). Latency counts from
    /// the intended time, so a late harness adds its own delay to every figure: beyond a quarter of the
    /// tightest objective (browse, 200 ms) the run measured the client machine, not the system.
    /// </summary>
    public static readonly TimeSpan SendLagP99Limit = TimeSpan.FromMilliseconds(50);

    /// <summary>Evaluates <paramref name="thresholds"/> on a phase and adds "the harness kept its schedule".</summary>
    public static Verdict Judge(SloThresholds thresholds, PhaseResult phase) =>
        thresholds.Evaluate(phase).And(new Verdict([HarnessKeptSchedule(phase)]));

    public static CheckResult HarnessKeptSchedule(PhaseResult phase) => new(phase.Name, "harness kept its schedule",
        $"send lag p99 < {SendLagP99Limit.TotalMilliseconds:0} ms (else the client machine, not the system, was measured)",
        $"send lag p99 {phase.SendLag.P99Ms:0.#} ms, max {phase.SendLag.MaxMs:0.#} ms",
        phase.SendLag.P99Ms < SendLagP99Limit.TotalMilliseconds);

    private static SloThresholds Slos => SloThresholds.FromDefinition(SloDefinition.Current)
        .WithAnswerWithin(AnswerLimit)
        .WithFastShedding(ShedP99Limit);

    /// <summary>1x: every journey's availability and latency objective, all answered in time, (almost) nothing shed.</summary>
    public static SloThresholds OneX => Slos.WithMaxShedFraction(OneXMaxShedFraction);

    /// <summary>
    /// 10x is within what the system serves (issue 14: the adaptive admission limit admits whatever is served
    /// without queueing), so nothing may be shed; requests keep availability and twice the latency objective.
    /// </summary>
    public static SloThresholds TenX => Slos.WithLatencyMultiplier(SpikeLatencyMultiplier).WithMaxShedFraction(0);

    /// <summary>Beyond capacity: admitted requests keep the 1x objectives; the rest is shed fast.</summary>
    public static SloThresholds Overloaded => Slos;

    /// <summary>Right after a spike: queues drain, so only "answered in time, shed fast" is promised.</summary>
    public static SloThresholds Recovering => Slos.WithoutJourneys();
}
