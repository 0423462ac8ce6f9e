using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// The catalogue's own instruments, on the meter named after the application (ServiceDefaults
/// exports that meter). The hit ratio tells whether Postgres is protected; "bypass" and "error"
/// say the cache is down or slow.
/// </summary>
public sealed class CatalogMetrics
{
    public const string CacheLookupsName = "catalog.cache.lookups";

    public const string LoadsCoalescedName = "catalog.loads.coalesced";

    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _loadsCoalesced;

    public CatalogMetrics(IMeterFactory meterFactory, IHostEnvironment environment)
    {
        var meter = meterFactory.Create(environment.ApplicationName);
        _cacheLookups = meter.CreateCounter<long>(CacheLookupsName, unit: "{lookup}",
            description: "Cache-aside lookups by kind (item, page) and result (local_hit, hit, miss, bypass, error, stale).");
        _loadsCoalesced = meter.CreateCounter<long>(LoadsCoalescedName, unit: "{load}",
            description: "Misses that waited for another request's Postgres read of the same key instead of starting their own.");
    }

    public void LoadCoalesced(string kind) =>
        _loadsCoalesced.Add(1, new TagList { { "catalog.cache.kind", kind } });

    public void CacheLookup(string kind, CacheResult result)
    {
        var name = result == CacheResult.LocalHit ? "local_hit" : result.ToString().ToLowerInvariant();
        _cacheLookups.Add(1, new TagList { { "catalog.cache.kind", kind }, { "catalog.cache.result", name } });
        // The request's span says how it was served, so a slow trace explains itself.
        Activity.Current?.SetTag($"catalog.cache.{kind}", name);
    }
}

public enum CacheResult
{
    /// <summary>Served from this replica's memory (<see cref="LocalCatalogCache"/>): Redis was not asked.</summary>
    LocalHit,
    /// <summary>Served from Redis.</summary>
    Hit,
    Miss,
    /// <summary>The cache was not asked: disabled, disconnected, or invalidations are still pending.</summary>
    Bypass,
    /// <summary>The cache was asked and failed or was too slow.</summary>
    Error,
    /// <summary>Redis and Postgres both failed: served this replica's last copy (<see cref="LocalCatalogCache.TryGetStale{T}"/>).</summary>
    Stale,
}
