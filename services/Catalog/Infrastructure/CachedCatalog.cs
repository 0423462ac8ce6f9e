using Reference.ServiceDefaults;
using Reference.Catalog.Model;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Cache-aside over the repository, in two tiers: reads try this replica's memory
/// (<see cref="LocalCatalogCache"/>), then Redis, then Postgres, filling Redis under the version they
/// looked up (<see cref="CatalogCache"/>) and memory under the moment they began; concurrent misses for
/// one key share one Postgres read (<see cref="SingleFlight{T}"/>); writes go to Postgres first, then bump
/// the versions and clear every replica's memory tier. When Redis and Postgres both fail for a read, the
/// replica's last copy answers (stale-if-error) rather than a 503. What the API handlers talk to.
/// </summary>
public sealed class CachedCatalog(CatalogRepository repository, CatalogCache cache, LocalCatalogCache local, CatalogMetrics metrics)
{
    private readonly SingleFlight<CatalogItem?> _itemLoads = new(metrics, "item");
    private readonly SingleFlight<CatalogPage> _pageLoads = new(metrics, "page");

    public async Task<CatalogItem?> GetItemAsync(int id, CancellationToken cancellationToken)
    {
        var key = $"item:{id}";
        if (local.TryGet<CatalogItem>(key, out var hot))
        {
            metrics.CacheLookup("item", CacheResult.LocalHit);
            return hot;
        }
        var start = local.BeginRead();
        CatalogItem? item;
        try
        {
            item = await GetSharedItemAsync(id, cancellationToken);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex) && local.TryGetStale<CatalogItem>(key, out var last))
        {
            metrics.CacheLookup("item", CacheResult.Stale);
            return last;
        }
        if (item is not null)
        {
            local.Set(key, item, start);
        }
        return item;
    }

    public async Task<CatalogPage> GetPageAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var key = $"page:{CatalogCache.PageKey(0, query)}";
        if (local.TryGet<CatalogPage>(key, out var hot))
        {
            metrics.CacheLookup("page", CacheResult.LocalHit);
            return hot;
        }
        var start = local.BeginRead();
        CatalogPage page;
        try
        {
            page = await GetSharedPageAsync(query, cancellationToken);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex) && local.TryGetStale<CatalogPage>(key, out var last))
        {
            metrics.CacheLookup("page", CacheResult.Stale);
            return last;
        }
        local.Set(key, page, start);
        return page;
    }

    /// <summary>The item from Redis, or from Postgres (filling Redis).</summary>
    private async Task<CatalogItem?> GetSharedItemAsync(int id, CancellationToken cancellationToken)
    {
        var (cached, version) = await cache.GetItemAsync(id);
        if (cached is not null)
        {
            return cached;
        }
        if (version is not { } v)
        {
            // No cache, no version to key a flight on: a shared read could hand a row read before a write
            // to a request that arrived after it. Each request reads for itself.
            return await repository.GetItemAsync(id, cancellationToken);
        }
        // The flight is per version: a write bumps it, so a read that began before a write never hands its row to one after it.
        return await _itemLoads.RunAsync(CatalogCache.ItemKey(v, id), async () =>
        {
            var item = await repository.GetItemAsync(id, CancellationToken.None);
            if (item is not null)
            {
                await cache.SetItemAsync(v, item);
            }
            return item;
        }, cancellationToken);
    }

    private async Task<CatalogPage> GetSharedPageAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var (cached, version) = await cache.GetPageAsync(query);
        if (cached is not null)
        {
            return cached;
        }
        if (version is not { } v)
        {
            return await repository.GetPageAsync(query, cancellationToken);
        }
        return await _pageLoads.RunAsync(CatalogCache.PageKey(v, query), async () =>
        {
            var page = await repository.GetPageAsync(query, CancellationToken.None);
            await cache.SetPageAsync(v, query, page);
            return page;
        }, cancellationToken);
    }

    public async Task<CatalogItem> CreateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        var created = await repository.CreateAsync(item, cancellationToken);
        // A new item changes counts and pages, not any cached item.
        await cache.InvalidateAsync(created.Id);
        local.InvalidateAll();
        return created;
    }

    public async Task<CatalogItem?> UpdateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        var updated = await repository.UpdateAsync(item, cancellationToken);
        if (updated is not null)
        {
            await cache.InvalidateAsync(updated.Id);
            // After the bumps: a read of this replica that begins now finds the new versions in Redis.
            local.InvalidateAll();
        }
        return updated;
    }
}
