using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Watches every resource marked <see cref="RestartOnCrashAnnotation"/> and starts it again after a crash.</summary>
internal sealed class CrashSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    ILogger<CrashSupervisor> logger)
{
    private readonly ConcurrentDictionary<string, Replica> _replicas = new();
    private readonly ConcurrentDictionary<string, bool> _stopsRequested = new();

    public void Start() => _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping));

    /// <summary>How many times the resource (by resource id, e.g. <c>catalog-1-abcd</c>, or by name) was restarted after a crash.</summary>
    public int Restarts(string resource) =>
        _replicas.Where(r => r.Key == resource || r.Value.Name == resource).Sum(r => r.Value.Restarts);

    /// <summary>
    /// Wraps the Stop and Restart commands of supervised resources so the exit they cause is known to be
    /// deliberate: DCP may end the process with a signal, and its exit code alone would look like a crash.
    /// </summary>
    public void WatchDeliberateStops(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.Where(r => r.HasAnnotationOfType<RestartOnCrashAnnotation>()))
        {
            foreach (var command in resource.Annotations.OfType<ResourceCommandAnnotation>()
                         .Where(c => c.Name == KnownResourceCommands.StopCommand || c.Name == KnownResourceCommands.RestartCommand).ToList())
            {
                resource.Annotations.Remove(command);
                resource.Annotations.Add(new ResourceCommandAnnotation(command.Name, command.DisplayName, command.UpdateState,
                    async context =>
                    {
                        foreach (var (_, replica) in _replicas.Where(r => r.Key == context.ResourceName || r.Value.Name == context.ResourceName))
                        {
                            replica.StopRequested = true;
                        }
                        _stopsRequested[context.ResourceName] = true;
                        return await command.ExecuteCommand(context);
                    },
                    command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName, command.IconVariant, command.IsHighlighted,
                    command.Visibility, command.ValidateArguments));
            }
        }
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                if (!update.Resource.TryGetLastAnnotation<RestartOnCrashAnnotation>(out var restart)) continue;
                var replica = _replicas.GetOrAdd(update.ResourceId, _ => new Replica(update.Resource.Name));
                if (_stopsRequested.TryRemove(update.ResourceId, out _)) replica.StopRequested = true;
                var state = update.Snapshot.State?.Text;
                var previous = replica.State;
                replica.State = state;

                if (state == KnownResourceStates.Running && previous != KnownResourceStates.Running)
                {
                    replica.StopRequested = false;
                    if (DateTime.UtcNow - replica.LastCrash > restart.Policy.StableAfter) replica.ConsecutiveCrashes = 0;
                }
                else if (IsCrash(state, previous, update.Snapshot.ExitCode) && !replica.StopRequested && !stopping.IsCancellationRequested && !replica.RestartPending)
                {
                    replica.RestartPending = true;
                    replica.ConsecutiveCrashes++;
                    replica.LastCrash = DateTime.UtcNow;
                    _ = RestartAsync(update.Resource, update.ResourceId, replica, restart.Policy, update.Snapshot.ExitCode, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>A process that was running and ended with a non-zero code, or was killed (no code).</summary>
    private static bool IsCrash(string? state, string? previous, int? exitCode) =>
        (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart)
        && previous != state
        && previous != KnownResourceStates.Stopping
        && exitCode is not 0;

    private async Task RestartAsync(IResource resource, string resourceId, Replica replica, RestartPolicy policy, int? exitCode, CancellationToken stopping)
    {
        var delay = policy.DelayAfter(replica.ConsecutiveCrashes);
        logger.LogWarning("{Resource} crashed (exit code {ExitCode}); restarting in {Delay} ms (crash {Count} in a row)",
            resourceId, exitCode?.ToString() ?? "none", delay.TotalMilliseconds, replica.ConsecutiveCrashes);
        try
        {
            await Task.Delay(delay, stopping);
            if (stopping.IsCancellationRequested) return;
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Error}", resourceId, result.Message);
                return;
            }
            replica.Restarts++;
            await notifications.PublishUpdateAsync(resource, resourceId, snapshot => snapshot with
            {
                Properties = [.. snapshot.Properties.Where(p => p.Name != "restarts"), new ResourcePropertySnapshot("restarts", replica.Restarts)],
            });
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            replica.RestartPending = false;
        }
    }

    private sealed class Replica(string name)
    {
        public string Name { get; } = name;
        public bool StopRequested { get; set; }
        public string? State { get; set; }
        public int Restarts { get; set; }
        public int ConsecutiveCrashes { get; set; }
        public DateTime LastCrash { get; set; } = DateTime.MinValue;
        public bool RestartPending { get; set; }
    }
}
