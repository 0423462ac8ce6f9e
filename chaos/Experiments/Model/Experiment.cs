using Reference.Load.Thresholds;

using Reference.Chaos.Experiments.Running;

namespace Reference.Chaos.Experiments.Model;

/// <summary>
/// One chaos experiment in Chaos Toolkit's shape: a hypothesis about a steady state, a method that
/// disturbs the system, rollbacks that always run, checks on what users saw while it was disturbed,
/// and the time it had to recover. The runner (<see cref="Running.ExperimentRunner"/>) keeps mixed
/// load at 1x on the gateway throughout, so every claim is about what a client saw.
/// </summary>
public sealed record Experiment
{
    /// <summary>Kebab-case, as in the design's table and the runbook's file name: <c>redis-down</c>.</summary>
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>What must hold, in one sentence a reviewer can disagree with.</summary>
    public required string Hypothesis { get; init; }
    /// <summary>The on-call page for this failure, relative to the repository root.</summary>
    public string Runbook => $"docs/runbooks/{Name}.md";

    /// <summary>Probes beyond the SLOs at 1x and "every service ready", checked before the method and again after the rollbacks.</summary>
    public IReadOnlyList<Probe> SteadyState { get; init; } = [];

    /// <summary>Runs at the start of the fault window, in order. Mark the activity that injects with <see cref="ChaosActivity.StartsFault"/>.</summary>
    public required IReadOnlyList<ChaosActivity> Method { get; init; }

    /// <summary>Undo the method. Always run: at the end of the fault window, on a deviation, an error, an abort or Ctrl+C. Must be idempotent.</summary>
    public IReadOnlyList<ChaosActivity> Rollbacks { get; init; } = [];

    /// <summary>Probes of the system's state that run after the recovery window and the steady state after (settlement, reconciliation).</summary>
    public IReadOnlyList<Probe> Afterwards { get; init; } = [];

    /// <summary>What must hold during the fault window and the recovery window, judged from the load's results.</summary>
    public required Func<Observation, IEnumerable<CheckResult>> DuringFault { get; init; }

    /// <summary>Time from the fault removed (or the process killed) to the steady state regained, at most.</summary>
    public required TimeSpan RecoverWithin { get; init; }

    public Safeguard Safeguard { get; init; } = Safeguard.Default;

    /// <summary>Dependency experiments generated from the AppHost's model need not pass: they map weak spots.</summary>
    public bool IsGenerated { get; init; }

    public override string ToString() => $"{Name}: {Title}";
}
