using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StackExchange.Redis.Configuration;

namespace Reference.ServiceDefaults;

/// <summary>
/// Aspire.StackExchange.Redis's <see cref="IConnectionMultiplexer"/> (connection string from
/// <c>ConnectionStrings__{name}</c>, settings from <c>Aspire:StackExchange:Redis</c>, traced by the OpenTelemetry StackExchange.Redis instrumentation) with what this system adds: a bound
/// on every call, a readiness check whose failure status the service chooses, and a log line when the
/// connection drops and comes back. The multiplexer never aborts on a failed connect: it keeps
/// reconnecting in the background, so a service can start (and serve degraded) while Redis is down.
/// </summary>
public static class RedisExtensions
{
    public const int DefaultConnectTimeoutMs = 2000;
    public const int DefaultCommandTimeoutMs = 1000;

    /// <param name="failureStatus">
    /// What readiness (<c>redis-{name}</c>) reports when Redis does not answer: <see cref="HealthStatus.Degraded"/>
    /// where Redis is only a cache (the service still serves), <see cref="HealthStatus.Unhealthy"/> where it is the store.
    /// </param>
    public static TBuilder AddRedisConnection<TBuilder>(this TBuilder builder, string connectionName, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(connectionName,
            settings =>
            {
                ConnectionStrings.Require(settings.ConnectionString, connectionName);
                // Connect during start-up, not on the first request: when Redis is down start-up pays one
                // connect timeout, once, instead of the first requests each waiting for it.
                settings.DisableAutoActivation = false;
                // Aspire's check always fails as Unhealthy and, while disconnected, waits out the command
                // timeout on every probe: ours below replaces it.
                settings.DisableHealthChecks = true;
            },
            options =>
            {
                // Values the connection string or Aspire:StackExchange:Redis:ConfigurationOptions set win;
                // the defaults fill in the rest (an unset async timeout follows the sync one).
                options.Defaults = new TimeoutDefaults();
                options.AbortOnConnectFail = false;
            });

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"redis-{connectionName}",
            sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus,
            tags: null,
            timeout: TimeSpan.FromMilliseconds(DefaultCommandTimeoutMs)));
        builder.Services.AddHostedService<RedisConnectionLog>();
        // What a chaos fault on this connection throws: the exception StackExchange.Redis gives when the server is gone.
        builder.Services.AddSingleton(new DataConnectionFault(connectionName,
            target => new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, $"Chaos: injected fault on {target}.", null, CommandStatus.Unknown)));
        return builder;
    }

    private sealed class TimeoutDefaults : DefaultOptionsProvider
    {
        public override bool AbortOnConnectFail => false;
        public override TimeSpan? ConnectTimeout => TimeSpan.FromMilliseconds(DefaultConnectTimeoutMs);
        public override TimeSpan SyncTimeout => TimeSpan.FromMilliseconds(DefaultCommandTimeoutMs);
    }
}

/// <summary>
/// Fails at once while the multiplexer knows it is disconnected (no round trip to wait out), otherwise
/// one PING within the check's timeout.
/// </summary>
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

/// <summary>
/// StackExchange.Redis logs connect failures only while connecting; a drop and a reconnect later on
/// would pass in silence. The runbooks look for these two lines.
/// </summary>
internal sealed class RedisConnectionLog(IConnectionMultiplexer multiplexer, ILogger<RedisConnectionLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        multiplexer.ConnectionFailed += OnFailed;
        multiplexer.ConnectionRestored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        multiplexer.ConnectionFailed -= OnFailed;
        multiplexer.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e) =>
        logger.LogWarning("Redis connection to {Endpoint} failed: {FailureType}", e.EndPoint, e.FailureType);

    private void OnRestored(object? sender, ConnectionFailedEventArgs e) =>
        logger.LogInformation("Redis connection to {Endpoint} restored", e.EndPoint);
}
