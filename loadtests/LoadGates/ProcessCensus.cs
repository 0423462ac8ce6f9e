using Reference.AppHost.Hosting;
using Reference.Load.Thresholds;

namespace Reference.LoadGates;

/// <summary>Every replica's process id and restart count at one moment: if either changes across a gate, a process exited.</summary>
public sealed record ProcessCensus(IReadOnlyDictionary<string, (int? Pid, int Restarts)> Replicas)
{
    public static ProcessCensus Take(ReferenceApplication app) => new(
        app.Resources.Values
            .SelectMany(r => r.Replicas)
            .ToDictionary(r => r.InstanceName, r => (r.Pid, r.Restarts)));

    /// <summary>"no process exits": same pid and restart count for every replica, and every one alive.</summary>
    public CheckResult CompareWith(ProcessCensus after, string phase)
    {
        var changed = new List<string>();
        foreach (var (name, before) in Replicas)
        {
            var now = after.Replicas.GetValueOrDefault(name, (null, -1));
            if (before.Pid is null || now.Pid != before.Pid || now.Restarts != before.Restarts)
                changed.Add($"{name}: pid {before.Pid?.ToString() ?? "none"} -> {now.Pid?.ToString() ?? "none"}, restarts {before.Restarts} -> {now.Restarts}");
        }
        return new CheckResult(phase, "no process exits", $"same pid and restart count for all {Replicas.Count} replicas",
            changed.Count == 0 ? $"all {Replicas.Count} unchanged" : string.Join("; ", changed), changed.Count == 0);
    }
}
