using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Reference.Catalog.Model;
using StackExchange.Redis;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// The Redis side of cache-aside. Redis is an optimisation here, never a dependency: every call runs
/// through the <see cref="CacheResilience"/> pipeline (timeout, circuit breaker) and is guarded; while
/// the multiplexer is disconnected the cache is skipped without a round trip, so a dead Redis adds no
/// latency, and while the breaker is open a slow one adds none either. A failure reads as a miss (get)
/// or is ignored (set).
/// </summary>
/// <remarks>
/// Every value lives under a version number, and a write bumps the version instead of deleting the
/// value: a reader that missed before the write and fills the cache after it stores its old copy under
/// the old version, which nobody reads any more (deleting instead would let that copy become current).
/// Items: <c>catalog:item:{id}:v{version}</c>, version in <see cref="ItemVersionKey"/> (one per item,
/// no TTL: it must only ever grow). Pages: <c>catalog:pages:v{version}:…</c>, version in
/// <see cref="PageVersionKey"/> (one for all pages: any write changes counts and listings). Old
/// versions expire by TTL.
/// </remarks>
public sealed partial class CatalogCache(
    IConnectionMultiplexer redis, ResiliencePipelineProvider<string> pipelines, IOptions<CatalogCacheOptions> options,
    CatalogMetrics metrics, ILogger<CatalogCache> logger)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(CacheResilience.PipelineName);

    public const string PageVersionKey = "catalog:pages:version";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Items written while Redis could not be told. Until they are invalidated this replica does not read
    /// from the cache, which may hold their old values (Redis with AOF comes back with its data).
    /// </summary>
    private readonly ConcurrentDictionary<int, byte> _pendingInvalidations = new();

    public static string ItemVersionKey(int id) => $"catalog:item:{id}:version";

    public static string ItemKey(long version, int id) => $"catalog:item:{id}:v{version}";

    public static string PageKey(long version, CatalogQuery query) =>
        $"catalog:pages:v{version}:{query.PageIndex}:{query.PageSize}:{Uri.EscapeDataString(query.Brand ?? "")}:{Uri.EscapeDataString(query.Type ?? "")}";

    /// <summary>
    /// The cached item, if any, and the item's version it was looked up under. Store an item read from
    /// Postgres under that same version (<see cref="SetItemAsync"/>): if a write bumped it meanwhile, the
    /// stale copy lands under a version nobody reads. A null version means the cache is unavailable: do not store.
    /// </summary>
    public Task<(CatalogItem? Item, long? Version)> GetItemAsync(int id) =>
        GetVersionedAsync<CatalogItem>("item", ItemVersionKey(id), version => ItemKey(version, id));

    public Task SetItemAsync(long version, CatalogItem item) =>
        SetAsync(ItemKey(version, item.Id), JsonSerializer.SerializeToUtf8Bytes(item, Json), options.Value.ItemTtl);

    /// <summary>The cached page, if any, and the page version it was looked up under; as for items.</summary>
    public Task<(CatalogPage? Page, long? Version)> GetPageAsync(CatalogQuery query) =>
        GetVersionedAsync<CatalogPage>("page", PageVersionKey, version => PageKey(version, query));

    /// <summary>Two round trips: the version, then the value under it.</summary>
    private async Task<(T? Value, long? Version)> GetVersionedAsync<T>(string kind, string versionKey, Func<long, string> valueKey) where T : class
    {
        if (!await CanReadAsync())
        {
            metrics.CacheLookup(kind, CacheResult.Bypass);
            return (null, null);
        }
        var (versionOutcome, versionValue) = await TryAsync("GET", db => db.StringGetAsync(versionKey));
        if (versionOutcome != CallOutcome.Ok)
        {
            return (Deserialize<T>(kind, versionOutcome, RedisValue.Null), null);
        }
        var version = versionValue.IsNull ? 0 : (long)versionValue;
        var (outcome, value) = await TryAsync("GET", db => db.StringGetAsync(valueKey(version)));
        return (Deserialize<T>(kind, outcome, value), outcome == CallOutcome.Ok ? version : null);
    }

    public Task SetPageAsync(long version, CatalogQuery query, CatalogPage page) =>
        SetAsync(PageKey(version, query), JsonSerializer.SerializeToUtf8Bytes(page, Json), options.Value.PageTtl);

    /// <summary>
    /// After a write to Postgres: retire the item's cached copies and every cached page (version bumps), then
    /// tell every replica's local tier (<see cref="LocalCacheInvalidations"/>).
    /// </summary>
    public async Task InvalidateAsync(int id)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        _pendingInvalidations[id] = 0;
        await FlushInvalidationsAsync();
    }

    private async Task<bool> CanReadAsync()
    {
        if (!options.Value.Enabled || !redis.IsConnected)
        {
            return false;
        }
        return _pendingInvalidations.IsEmpty || await FlushInvalidationsAsync();
    }

    /// <summary>Sends every pending invalidation; true when none is left.</summary>
    private async Task<bool> FlushInvalidationsAsync()
    {
        if (!redis.IsConnected)
        {
            LogInvalidationDeferred(logger, _pendingInvalidations.Count);
            return false;
        }
        foreach (var id in _pendingInvalidations.Keys)
        {
            var (itemBumped, _) = await TryAsync("INCR", db => db.StringIncrementAsync(ItemVersionKey(id)));
            var (pagesBumped, _) = await TryAsync("INCR", db => db.StringIncrementAsync(PageVersionKey));
            if (itemBumped != CallOutcome.Ok || pagesBumped != CallOutcome.Ok)
            {
                LogInvalidationDeferred(logger, _pendingInvalidations.Count);
                return false;
            }
            _pendingInvalidations.TryRemove(id, out _);
            // After the bumps, so a replica that clears its local tier and reads Redis again finds the new versions.
            // Best effort: a lost message costs at most the local tier's TTL.
            await TryAsync("PUBLISH", db => db.PublishAsync(LocalCacheInvalidations.Channel, id));
        }
        return _pendingInvalidations.IsEmpty;
    }

    private async Task SetAsync(string key, byte[] value, TimeSpan ttl)
    {
        if (options.Value.Enabled && redis.IsConnected)
        {
            await TryAsync("SET", db => db.StringSetAsync(key, value, ttl));
        }
    }

    private T? Deserialize<T>(string kind, CallOutcome outcome, RedisValue value) where T : class
    {
        if (outcome != CallOutcome.Ok)
        {
            metrics.CacheLookup(kind, outcome == CallOutcome.Skipped ? CacheResult.Bypass : CacheResult.Error);
            return null;
        }
        if (value.IsNull)
        {
            metrics.CacheLookup(kind, CacheResult.Miss);
            return null;
        }
        try
        {
            var result = JsonSerializer.Deserialize<T>((byte[])value!, Json);
            metrics.CacheLookup(kind, result is null ? CacheResult.Miss : CacheResult.Hit);
            return result;
        }
        catch (JsonException ex)
        {
            // A value written by an incompatible release: treat as a miss; the next set overwrites it.
            LogUnreadable(logger, kind, ex.Message);
            metrics.CacheLookup(kind, CacheResult.Error);
            return null;
        }
    }

    private async Task<(CallOutcome Outcome, T? Value)> TryAsync<T>(string operation, Func<IDatabase, Task<T>> call)
    {
        try
        {
            // Redis calls take no cancellation token: WaitAsync lets the pipeline's timeout end the wait.
            var value = await _pipeline.ExecuteAsync(
                async token => await call(redis.GetDatabase()).WaitAsync(token), CancellationToken.None);
            return (CallOutcome.Ok, value);
        }
        catch (BrokenCircuitException)
        {
            return (CallOutcome.Skipped, default);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or Polly.Timeout.TimeoutRejectedException or ObjectDisposedException)
        {
            LogCacheFailed(logger, operation, ex.GetType().Name, ex.Message);
            return (CallOutcome.Failed, default);
        }
    }

    private enum CallOutcome { Ok, Failed, Skipped }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Operation} failed ({ErrorType}): {Reason}; serving from Postgres")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache invalidation deferred for {Count} item(s): Redis unavailable; cache reads are skipped until it is sent")]
    private static partial void LogInvalidationDeferred(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cached {Kind} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string kind, string reason);
}
