using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aspire.Hosting;

/// <summary>How a crashed resource is brought back: capped exponential backoff, reset after a stable run.</summary>
public sealed record RestartPolicy
{
    public static RestartPolicy Default { get; } = new();

    /// <summary>Wait before the first restart; it doubles with each crash that follows soon after.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Running this long without a crash forgets the earlier crashes: the next restart is quick again.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan DelayAfter(int consecutiveCrashes) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, InitialDelay.Ticks * (1L << Math.Min(consecutiveCrashes - 1, 20))));
}

public sealed class RestartOnCrashAnnotation(RestartPolicy policy) : IResourceAnnotation
{
    public RestartPolicy Policy { get; } = policy;
}

public static class RestartOnCrashExtensions
{
    /// <summary>
    /// DCP leaves a crashed process dead (state Finished/Exited). This brings it back through Aspire's own
    /// start command, and shows the count as the resource's <c>restarts</c> property in the dashboard. A
    /// Stop (or Restart) from the dashboard is never undone, nor is a clean exit (code 0: a drained SIGTERM
    /// or SIGINT), and nothing restarts once the AppHost is stopping.
    /// </summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> builder, RestartPolicy? policy = null) where T : IResource
    {
        var app = builder.ApplicationBuilder;
        if (!app.Services.Any(s => s.ServiceType == typeof(CrashSupervisor)))
        {
            app.Services.TryAddSingleton<CrashSupervisor>();
            // Subscribed before start: a hosted service would only start after every WaitFor is satisfied.
            app.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
            {
                @event.Services.GetRequiredService<CrashSupervisor>().Start();
                return Task.CompletedTask;
            });
            // DCP adds the stop and restart commands as it creates the resources; only then can we learn of their use.
            app.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, cancellationToken) =>
            {
                @event.Services.GetRequiredService<CrashSupervisor>().WatchDeliberateStops(@event.Model);
                return Task.CompletedTask;
            });
        }
        return builder.WithAnnotation(new RestartOnCrashAnnotation(policy ?? RestartPolicy.Default), ResourceAnnotationMutationBehavior.Replace);
    }
}
