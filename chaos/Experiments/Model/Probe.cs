using Reference.Load.Thresholds;

using Reference.Chaos.Experiments.Running;

namespace Reference.Chaos.Experiments.Model;

/// <summary>A check of the system's state (health, data), as opposed to the load's numbers. Returns one or more check results.</summary>
public sealed record Probe(string Name, Func<ExperimentContext, CancellationToken, Task<IReadOnlyList<CheckResult>>> Run);
