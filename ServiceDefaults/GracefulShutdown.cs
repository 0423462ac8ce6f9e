using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults;

/// <summary>How a service leaves: turn not-ready, give callers time to notice, drain, exit.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long to stay up, not ready, before the server stops accepting: long enough for whoever
    /// polls /health (the AppHost, the gateway) to route away. Zero in tests that only care about draining.
    /// </summary>
    public TimeSpan NotReadyDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most time in-flight requests get to finish once the server stops accepting.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Shared flag: set once the host begins to stop. Readiness reads it.</summary>
public sealed class DrainState
{
    private volatile bool _draining;
    public bool IsDraining => _draining;
    internal void BeginDraining() => _draining = true;
}

/// <summary>Readiness turns Unhealthy as soon as shutdown begins, before any request is refused.</summary>
internal sealed class DrainingHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining
            ? HealthCheckResult.Unhealthy("draining: shutdown in progress")
            : HealthCheckResult.Healthy());
}

/// <summary>
/// Runs in the host's <c>StoppingAsync</c> phase, which comes before Kestrel's <c>StopAsync</c>:
/// readiness flips first, then we wait <see cref="ShutdownOptions.NotReadyDelay"/>, then Kestrel
/// stops accepting and drains in-flight requests within the host's shutdown timeout.
/// </summary>
internal sealed class DrainOnShutdown(DrainState state, IOptions<ShutdownOptions> options, ILogger<DrainOnShutdown> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDraining();
        logger.LogInformation("Shutdown requested: readiness is now false; draining after {Delay}", options.Value.NotReadyDelay);
        if (options.Value.NotReadyDelay > TimeSpan.Zero)
        {
            try { await Task.Delay(options.Value.NotReadyDelay, cancellationToken); }
            catch (OperationCanceledException) { /* the host's own timeout won: stop now */ }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class GracefulShutdown
{
    public static TBuilder AddGracefulShutdown<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ShutdownOptions>()
            .Bind(builder.Configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.NotReadyDelay >= TimeSpan.Zero && o.DrainTimeout > TimeSpan.Zero,
                "Shutdown:NotReadyDelay must be >= 0 and Shutdown:DrainTimeout > 0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<DrainOnShutdown>();

        // The host's shutdown budget covers the not-ready delay plus the drain.
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.NotReadyDelay + shutdown.DrainTimeout);
        return builder;
    }
}
