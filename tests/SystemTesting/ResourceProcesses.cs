using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Reference.Testing;

/// <summary>
/// What tests do to the processes behind resources, the way a crash or a person would: read pids and
/// states, SIGKILL the service process, wait for a state. A project runs as <c>dotnet run</c> with the
/// service as its child; "the replica's process" is that child.
/// </summary>
public sealed class ResourceProcesses(DistributedApplication app)
{
    /// <summary>The snapshot property DCP fills with an executable's pid (Aspire's KnownProperties.Executable.Pid).</summary>
    private const string ExecutablePidProperty = "executable.pid";

    /// <summary>The pid of the process DCP started for <paramref name="resource"/> (for a project, <c>dotnet run</c>).</summary>
    public int LauncherPid(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == ExecutablePidProperty)?.Value is { } pid
            ? Convert.ToInt32(pid)
            : throw new InvalidOperationException($"{resource} has no process (state {state?.Snapshot.State?.Text ?? "unknown"}).");

    /// <summary>The service itself: the launcher's child for a project (<c>dotnet run</c> → service), the launcher for an executable (Postgres' postmaster, whose children are its backends).</summary>
    public int ServicePid(string resource)
    {
        var launcher = LauncherPid(resource);
        var isProject = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Any(r => r.Name == resource && r is ProjectResource);
        return isProject ? ProcessTable.ChildrenOf(launcher).DefaultIfEmpty(launcher).First() : launcher;
    }

    /// <summary>SIGKILL: no goodbye, as a crash or the OOM killer would end it. Returns the pid killed.</summary>
    public int Kill(string resource)
    {
        var pid = ServicePid(resource);
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        return pid;
    }

    /// <summary>Completes when the resource is Running and Healthy; polls the AppHost's current state, with a deadline.</summary>
    public Task WaitUntilHealthyAsync(string resource, TimeSpan timeout) =>
        Eventually.UntilAsync(() => IsHealthy(resource), $"{resource} Running and Healthy (last: {State(resource)})", timeout);

    public bool IsHealthy(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.State?.Text == KnownResourceStates.Running
        && state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    public string? State(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot.State?.Text : null;

    /// <summary>How many times the AppHost restarted it after a crash (the <c>restarts</c> property in the dashboard).</summary>
    public int Restarts(string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "restarts")?.Value is { } count
            ? Convert.ToInt32(count)
            : 0;
}
