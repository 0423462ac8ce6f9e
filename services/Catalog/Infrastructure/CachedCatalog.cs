using Reference.Catalog.Model;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Cache-aside over the repository: reads try Redis, fall back to Postgres and fill Redis; writes go
/// to Postgres first, then invalidate. What the API handlers talk to.
/// </summary>
public sealed class CachedCatalog(CatalogRepository repository, CatalogCache cache)
{
    public async Task<CatalogItem?> GetItemAsync(int id, CancellationToken cancellationToken)
    {
        if (await cache.GetItemAsync(id) is { } cached)
        {
            return cached;
        }
        var item = await repository.GetItemAsync(id, cancellationToken);
        if (item is not null)
        {
            await cache.SetItemAsync(item);
        }
        return item;
    }

    public async Task<CatalogPage> GetPageAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var (cached, version) = await cache.GetPageAsync(query);
        if (cached is not null)
        {
            return cached;
        }
        var page = await repository.GetPageAsync(query, cancellationToken);
        if (version is { } v)
        {
            await cache.SetPageAsync(v, query, page);
        }
        return page;
    }

    public async Task<CatalogItem> CreateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        var created = await repository.CreateAsync(item, cancellationToken);
        // A new item changes counts and pages, not any cached item.
        await cache.InvalidateAsync(created.Id);
        return created;
    }

    public async Task<CatalogItem?> UpdateAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        var updated = await repository.UpdateAsync(item, cancellationToken);
        if (updated is not null)
        {
            await cache.InvalidateAsync(updated.Id);
        }
        return updated;
    }
}
