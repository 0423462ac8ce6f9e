using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Load.Profiles;

/// <summary>How to step the rate up.</summary>
public sealed record CapacityOptions
{
    public double Start { get; init; } = 50;
    public double Step { get; init; } = 50;
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Stop here even if nothing broke (the harness or the machine is then the limit).</summary>
    public double Max { get; init; } = 5000;
    /// <summary>Shedding more than this counts as "full".</summary>
    public double MaxShedFraction { get; init; } = 0.001;
    /// <summary>Unjudged run at the start rate before the first step.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One rate step: what was asked, what happened, and the verdict.</summary>
public sealed record CapacityStep(double Rate, double AchievedRate, double P99Ms, long Errors, long Shed, Verdict Verdict)
{
    public bool Held => Verdict.Passed;
}

/// <summary>The answer to "how much can it take, and what breaks first".</summary>
public sealed record CapacityResult(IReadOnlyList<CapacityStep> Steps, double? HighestHeldRate, IReadOnlyList<CheckResult> BrokeFirst, RunResult? BreakingRun)
{
    public bool FoundLimit => BreakingRun is not null;
}

/// <summary>Steps an open-model rate up until an SLO check fails (DESIGN.md "Capacity").</summary>
public static class CapacitySearch
{
    public static async Task<CapacityResult> RunAsync(Scenario scenario, CapacityOptions options, SloDefinition? slos = null,
        Action<CapacityStep>? stepDone = null, IProgress<ProgressSnapshot>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Start <= 0 || options.Step <= 0 || options.Max < options.Start)
            throw new ArgumentException($"capacity needs start > 0, step > 0 and max >= start (got {options.Start}, {options.Step}, {options.Max}).");
        var thresholds = SloThresholds.FromDefinition(slos ?? SloDefinition.Current)
            .WithAnswerWithin(LoadProfiles.AnswerLimit)
            .WithMaxShedFraction(options.MaxShedFraction);
        // Warm up (unjudged) so the first step does not pay for JIT and connection setup.
        await LoadRunner.RunAsync(scenario, [Simulation.Inject(options.Start, TimeSpan.FromSeconds(1), options.WarmUp, LoadProfiles.WarmUpPhase)],
            progress: progress, cancellationToken: cancellationToken);
        var steps = new List<CapacityStep>();
        double? highest = null;
        for (var rate = options.Start; rate <= options.Max + 1e-9; rate += options.Step)
        {
            var phase = $"{rate:0.#} req/s";
            var result = await LoadRunner.RunAsync(scenario, [Simulation.Inject(rate, TimeSpan.FromSeconds(1), options.StepDuration, phase)],
                progress: progress, cancellationToken: cancellationToken);
            var measured = result.Phase(phase);
            var verdict = thresholds.Evaluate(measured);
            var step = new CapacityStep(rate, measured.Throughput, measured.Total.Latency.P99Ms, measured.Total.Errors, measured.Total.Shed, verdict);
            steps.Add(step);
            stepDone?.Invoke(step);
            if (!step.Held) return new CapacityResult(steps, highest, verdict.Failures.ToArray(), result);
            highest = rate;
        }
        return new CapacityResult(steps, highest, [], null);
    }
}
