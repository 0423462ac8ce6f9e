using Reference.Load.Stats;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// What the load saw while the experiment disturbed the system: the fault window and the recovery
/// window as phases of one run (per journey), and the time to recover. Checks read this.
/// </summary>
public sealed record Observation(RunResult Run, PhaseResult Fault, PhaseResult Recovery, TimeSpan? TimeToRecover, ExperimentContext Context)
{
    public const string FaultPhase = "fault", RecoveryPhase = "recovery";
}
