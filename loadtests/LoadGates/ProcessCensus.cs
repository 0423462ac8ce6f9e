using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Reference.Load.Thresholds;
using Reference.Testing;

namespace Reference.LoadGates;

/// <summary>Every process's id and restart count at one moment: if either changes across a gate, a process exited.</summary>
public sealed record ProcessCensus(IReadOnlyDictionary<string, (int? Pid, int Restarts)> Processes)
{
    public static ProcessCensus Take(ReferenceSystem system)
    {
        var model = system.App.Services.GetRequiredService<DistributedApplicationModel>();
        // Processes of the system: projects and executables, not Aspire's hidden helpers (a project's rebuilder) or its dashboard.
        bool Visible(IResource r) => system.App.ResourceNotifications.TryGetCurrentState(r.Name, out var state) && !state.Snapshot.IsHidden;
        return new(model.Resources
            .Where(r => r is ProjectResource or ExecutableResource && r.Name != "aspire-dashboard" && Visible(r))
            .ToDictionary(r => r.Name, r => (PidOrNull(system, r.Name), system.Processes.Restarts(r.Name))));
    }

    private static int? PidOrNull(ReferenceSystem system, string resource)
    {
        try { return system.Processes.ServicePid(resource); }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>"no process exits": same pid and restart count for every resource, and every one alive.</summary>
    public CheckResult CompareWith(ProcessCensus after, string phase)
    {
        var changed = new List<string>();
        foreach (var (name, before) in Processes)
        {
            var now = after.Processes.GetValueOrDefault(name, (null, -1));
            if (before.Pid is null || now.Pid != before.Pid || now.Restarts != before.Restarts)
                changed.Add($"{name}: pid {before.Pid?.ToString() ?? "none"} -> {now.Pid?.ToString() ?? "none"}, restarts {before.Restarts} -> {now.Restarts}");
        }
        return new CheckResult(phase, "no process exits", $"same pid and restart count for all {Processes.Count} processes",
            changed.Count == 0 ? $"all {Processes.Count} unchanged" : string.Join("; ", changed), changed.Count == 0);
    }
}
