using System.Text.RegularExpressions;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using static Reference.Chaos.Experiments.Catalogue.LoadChecks;

namespace Reference.Chaos.Experiments.Catalogue;

/// <summary>
/// Two experiments for every reference edge of the AppHost's model, written by no one: "+200 ms" and
/// "blackhole" on the caller's calls to that dependency, through the caller's in-process chaos
/// (<c>PUT /admin/chaos/{dependency}</c>: only this edge is disturbed, not every client of the
/// dependency as a fault proxy would). The hypothesis is the strict one — every journey keeps its SLO
/// and nothing fails ungracefully — and they need not all hold: their table is the weak-spot map.
/// </summary>
public static partial class DependencyExperiments
{
    private const int AddedLatencyMs = 200;
    /// <summary>Longer than any timeout in the system: to the caller the dependency never answers.</summary>
    private const int BlackholeMs = 30_000;

    public static IReadOnlyList<Experiment> For(IEnumerable<DependencyEdge> edges) =>
        edges.Select(e => new DependencyEdge(e.Caller, ChaosTarget(e.Dependency))).Distinct()
            .OrderBy(e => e.Caller, StringComparer.Ordinal).ThenBy(e => e.Dependency, StringComparer.Ordinal)
            .SelectMany(e => new[] { Latency(e), Blackhole(e) })
            .ToList();

    private static Experiment Latency(DependencyEdge edge) => Generated(edge, "latency", $"+{AddedLatencyMs} ms on {edge}",
        new { latencyMs = AddedLatencyMs, latencyRate = 1.0, experimentId = $"edge-{edge.Caller}-{edge.Dependency}-latency" });

    private static Experiment Blackhole(DependencyEdge edge) => Generated(edge, "blackhole", $"{edge} never answers",
        new { latencyMs = BlackholeMs, latencyRate = 1.0, experimentId = $"edge-{edge.Caller}-{edge.Dependency}-blackhole" });

    private static Experiment Generated(DependencyEdge edge, string kind, string title, object setting) => new()
    {
        Name = $"edge-{edge.Caller}-{edge.Dependency}-{kind}",
        Title = title,
        Hypothesis = "Every journey keeps its SLO and nothing fails with a 500 or a timeout.",
        Method = [Actions.ServiceChaos(edge.Caller, edge.Dependency, setting, kind)],
        Rollbacks = [Actions.ReadInjections(edge.Caller, edge.Dependency), Actions.ClearServiceChaos(edge.Caller)],
        DuringFault = o => [FaultReachedCalls(o, edge), .. KeepsSlo(o.Fault, "browse"), .. KeepsSlo(o.Fault, "basket"), .. KeepsSlo(o.Fault, "checkout"), NoUngracefulErrors(o.Fault)],
        RecoverWithin = TimeSpan.FromSeconds(10),
        IsGenerated = true,
    };

    /// <summary>An edge whose calls do not pass through a chaos pipeline (the gateway's YARP forwarder has none) cannot be
    /// disturbed this way: say so rather than report it as graceful.</summary>
    private static Reference.Load.Thresholds.CheckResult FaultReachedCalls(Running.Observation o, DependencyEdge edge)
    {
        o.Context.TryRecall<Injected>(Actions.InjectedKey(edge.Caller, edge.Dependency), out var injected);
        var (calls, injections) = injected is null ? (0, 0) : (injected.Calls, injected.Injections);
        return new(o.Fault.Name, "the fault reached the edge's calls", "> 0 calls disturbed",
            injections > 0 ? $"{injections} of {calls} calls disturbed" : $"none disturbed ({calls} calls seen): {edge.Caller}'s calls to {edge.Dependency} do not pass a chaos pipeline", injections > 0);
    }

    /// <summary>The name the caller's chaos pipelines know the dependency by: a replica set by its service name
    /// (<c>catalog-1</c> → <c>catalog</c>, the host its HttpClient calls), anything else by its resource name.</summary>
    public static string ChaosTarget(string dependency) => ReplicaSuffix().Replace(dependency, "");

    [GeneratedRegex("-[0-9]+$")]
    private static partial Regex ReplicaSuffix();
}
