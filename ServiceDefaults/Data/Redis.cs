using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Reference.ServiceDefaults;

/// <summary>
/// What Aspire.StackExchange.Redis gives a service: an <see cref="IConnectionMultiplexer"/> from
/// <c>ConnectionStrings__{name}</c>, a health check, spans (<see cref="RedisTelemetry"/>) and a
/// timeout on every call. The multiplexer never aborts on a failed connect: it keeps reconnecting
/// in the background, so a service can start (and serve degraded) while Redis is down.
/// </summary>
public static class RedisExtensions
{
    public const int DefaultConnectTimeoutMs = 2000;
    public const int DefaultCommandTimeoutMs = 1000;

    /// <param name="failureStatus">
    /// What readiness reports when Redis does not answer: <see cref="HealthStatus.Degraded"/> where Redis
    /// is only a cache (the service still serves), <see cref="HealthStatus.Unhealthy"/> where it is the store.
    /// </param>
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} (the AppHost does this).");
        }

        var options = WithDefaultTimeouts(connectionString);
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Reference.Redis");
            var multiplexer = ConnectionMultiplexer.Connect(options);
            multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection to {Endpoint} failed: {FailureType}", e.EndPoint, e.FailureType);
            multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection to {Endpoint} restored", e.EndPoint);
            return multiplexer;
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"redis-{connectionName}",
            sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus,
            tags: null,
            timeout: TimeSpan.FromMilliseconds(DefaultCommandTimeoutMs)));
        return builder;
    }

    public static ConfigurationOptions WithDefaultTimeouts(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase)) options.ConnectTimeout = DefaultConnectTimeoutMs;
        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase)) options.SyncTimeout = DefaultCommandTimeoutMs;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase)) options.AsyncTimeout = DefaultCommandTimeoutMs;
        return options;
    }
}

/// <summary>One PING within the check's timeout.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer multiplexer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!multiplexer.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "redis not connected");
        }
        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"redis unreachable: {ex.Message}");
        }
    }
}
