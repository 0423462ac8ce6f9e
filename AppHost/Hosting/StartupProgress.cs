using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// <c>./reference up</c> shows progress: one console line each time a resource changes state or health
/// ("catalog-0  Running  Healthy  4.1 s"), so a person sees what start-up is waiting for; and a line when
/// shutdown begins and when it has finished.
/// </summary>
public static class StartupProgress
{
    public static IDistributedApplicationBuilder WithStartupProgress(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration["quiet"] is "true") return builder;
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var lifetime = @event.Services.GetRequiredService<IHostApplicationLifetime>();
            _ = Task.Run(() => PrintAsync(notifications, lifetime.ApplicationStopping));
            // Shutdown takes seconds (services drain, DCP waits for every process): say so, and say when it is done.
            lifetime.ApplicationStopping.Register(() => Console.WriteLine("Stopping every resource: services drain, then Postgres and Redis stop…"));
            lifetime.ApplicationStopped.Register(() => Console.WriteLine("Stopped."));
            return Task.CompletedTask;
        });
        return builder;
    }

    private static async Task PrintAsync(ResourceNotificationService notifications, CancellationToken stopping)
    {
        var since = Process.GetCurrentProcess().StartTime;
        var last = new ConcurrentDictionary<string, string>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                if (update.Resource is ParameterResource || update.Snapshot.IsHidden) continue;
                var state = update.Snapshot.State?.Text ?? "";
                var health = update.Snapshot.HealthStatus?.ToString() ?? "";
                var line = $"{state,-10} {health}".TrimEnd();
                if (state.Length == 0 || last.TryGetValue(update.ResourceId, out var previous) && previous == line) continue;
                last[update.ResourceId] = line;
                var exit = update.Snapshot.ExitCode is { } code ? $" (exit code {code})" : "";
                Console.WriteLine($"  {(DateTime.Now - since).TotalSeconds,6:0.0} s  {update.Resource.Name,-12} {line}{exit}");
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
