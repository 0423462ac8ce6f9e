using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// The in-process tier in front of Redis: a hot item or page is served from this replica's memory, with
/// no round trip at all. Two rules keep it from serving an old price:
/// <list type="bullet">
/// <item>An entry lives at most <see cref="CatalogCacheOptions.LocalTtl"/> from the moment its read
/// <em>began</em>, so even with every invalidation message lost, nothing older than that is served.</item>
/// <item>Every write, on any replica, clears every replica's tier at once (<see cref="InvalidateAll"/>,
/// through Redis pub/sub: <see cref="LocalCacheInvalidations"/>). A read that began before a clear does
/// not store its result afterwards: it may have read the old row.</item>
/// </list>
/// Writes are rare (admin edits) and hot reads many, so clearing everything is cheaper to get right than
/// tracking which pages hold which item.
/// <para>
/// An entry past its freshness is kept a while longer (<see cref="CatalogCacheOptions.StaleIfError"/>, as
/// RFC 5861's stale-if-error): when Redis and Postgres both fail for one read (Postgres down and a Redis
/// call that timed out on a busy machine), the last copy this replica read is a better answer than a 503.
/// The same clears remove it, so a write acknowledged before the outage never brings back the old price.
/// </para>
/// </summary>
public sealed class LocalCatalogCache(IOptions<CatalogCacheOptions> options, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = options.Value.LocalMaxEntries });
    private long _generation;

    /// <summary>Serves fresh entries: the tier is on and entries have a freshness to serve within.</summary>
    public bool Enabled => options.Value.Enabled && options.Value.LocalTtl > TimeSpan.Zero;

    /// <summary>Keeps entries at all: fresh ones, or stale ones to fall back on.</summary>
    private bool Keeps => options.Value.Enabled && (options.Value.LocalTtl > TimeSpan.Zero || options.Value.StaleIfError > TimeSpan.Zero);

    /// <summary>Where a read stands when it begins: pass it to <see cref="Set{T}"/> when the read ends.</summary>
    public ReadStart BeginRead() => new(Volatile.Read(ref _generation), time.GetUtcNow());

    /// <summary>An entry younger than LocalTtl: served without asking Redis.</summary>
    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? value) where T : class
    {
        value = Enabled && _memory.Get<Entry>(key) is { Value: T fresh } entry && time.GetUtcNow() < entry.FreshUntil ? fresh : null;
        return value is not null;
    }

    /// <summary>The last copy, fresh or not: only for when every source of the value has failed.</summary>
    public bool TryGetStale<T>(string key, [NotNullWhen(true)] out T? value) where T : class
    {
        value = Keeps && _memory.Get<Entry>(key) is { Value: T last } ? last : null;
        return value is not null;
    }

    /// <summary>Stores <paramref name="value"/> unless a clear happened since <paramref name="start"/>.</summary>
    public void Set<T>(string key, T value, ReadStart start) where T : class
    {
        if (!Keeps || Volatile.Read(ref _generation) != start.Generation)
        {
            return;
        }
        var freshUntil = start.At + options.Value.LocalTtl;
        _memory.Set(key, new Entry(value, freshUntil), new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = freshUntil + options.Value.StaleIfError,
            // Bounded: a scan of every page cannot grow the process without limit.
            Size = 1,
        });
        // A clear may have run between the check and the Set: then this entry must not outlive it.
        if (Volatile.Read(ref _generation) != start.Generation)
        {
            _memory.Remove(key);
        }
    }

    /// <summary>Forget everything: a write happened somewhere, or invalidations may have been missed.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _memory.Clear();
    }

    public void Dispose() => _memory.Dispose();

    public readonly record struct ReadStart(long Generation, DateTimeOffset At);

    private sealed record Entry(object Value, DateTimeOffset FreshUntil);
}
