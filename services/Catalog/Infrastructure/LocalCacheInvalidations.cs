using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Tells every replica's <see cref="LocalCatalogCache"/> that a write happened: the writer publishes on
/// <see cref="Channel"/> after bumping the versions in Redis (<see cref="CatalogCache.InvalidateAsync"/>), and each replica clears its tier when the
/// message arrives (typically within milliseconds). Redis pub/sub delivers at most once: a message sent
/// while a replica was disconnected is lost, so a replica also clears its tier whenever its connection
/// fails or comes back, and the tier's TTL bounds what a lost message could cost.
/// </summary>
public sealed partial class LocalCacheInvalidations(
    IConnectionMultiplexer redis, LocalCatalogCache local, ILogger<LocalCacheInvalidations> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("catalog:invalidations");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        // Not awaited: with Redis down at start the service starts anyway (the cache is optional), and the
        // multiplexer subscribes again by itself once it connects.
        _ = SubscribeAsync();
        return Task.CompletedTask;
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, _) => local.InvalidateAll());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, ex.Message);
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e) => local.InvalidateAll();

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionChanged;
        redis.ConnectionRestored -= OnConnectionChanged;
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to cache invalidations failed: {Reason}; the local tier relies on its TTL until Redis reconnects")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

}
