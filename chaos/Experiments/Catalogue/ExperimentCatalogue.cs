using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Probes;
using Reference.Chaos.Experiments.Running;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>The design's six experiments, and the dependency experiments generated from the AppHost's edges.</summary>
public static class ExperimentCatalogue
{
    public static IReadOnlyList<Experiment> Designed { get; } = new[]
    {
        RedisDown.Create(),
        PostgresLatency.Create(),
        PostgresDown.Create(),
        PostgresBlackhole.Create(),
        PaymentsFlaky.Create(),
        CatalogReplicaCrash.Create(),
    }.Select(WithOrderReconciliation).ToList();

    public static IReadOnlyList<Experiment> All(IChaosSystem system) =>
        [.. Designed, .. DependencyExperiments.For(system.Edges).Select(WithOrderReconciliation)];

    /// <summary>Whatever the fault, no order acknowledged to a client may be lost or made twice: every experiment ends with that probe.</summary>
    public static Experiment WithOrderReconciliation(Experiment experiment) =>
        experiment with { Afterwards = [.. experiment.Afterwards, OrderProbes.NoOrderLostOrDuplicated] };

    public static Experiment Find(IChaosSystem? system, string name) =>
        (system is null ? Designed : All(system)).FirstOrDefault(e => e.Name == name)
        ?? throw new KeyNotFoundException($"No experiment named '{name}'. Known: {string.Join(", ", (system is null ? Designed : All(system)).Select(e => e.Name))}.");
}
