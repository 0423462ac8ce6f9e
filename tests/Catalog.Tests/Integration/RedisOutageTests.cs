using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Reference.Catalog.Infrastructure;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>Redis is only a cache: when it dies the catalogue keeps serving from Postgres and says Degraded.</summary>
[Collection(CatalogCollection.Name)]
public sealed class RedisOutageTests(CatalogFixture fixture) : IAsyncLifetime
{
    private CatalogApp _app = null!;
    private HttpClient _client = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureRedisRunningAsync();
        _database = await fixture.FreshStateAsync();
        _app = await new CatalogApp(_database, fixture.Redis.ConnectionString).ReadyAsync();
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        // Leave Redis as the next test expects it, whatever this one did to it.
        await fixture.EnsureRedisRunningAsync();
    }

    [Fact]
    public async Task Reads_fall_back_to_postgres_and_readiness_is_degraded_when_redis_is_killed()
    {
        var item = await _client.GetItemAsync(3);
        var page = await _client.GetPageAsync("?pageSize=5");
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 3)), "item 3 to be cached");
        using var lookups = new CacheLookupRecorder();

        fixture.Redis.Kill();
        await fixture.Redis.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually.UntilAsync(async () => await HealthStatusAsync("redis-cache") == "Degraded", "readiness to report the cache as Degraded");
        var health = await _client.GetAsync("/health");
        var report = await health.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("postgres-catalogdb").GetProperty("status").GetString());

        lookups.Clear();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(item, await _client.GetItemAsync(3));
            Assert.Equal(page.Data, (await _client.GetPageAsync("?pageSize=5")).Data);
        }

        // While disconnected the cache is skipped without a round trip, so a dead Redis costs nothing per read.
        Assert.Equal(20, lookups.Count("bypass"));
        Assert.Equal(0, lookups.Count("error") + lookups.Count("hit"));
    }

    [Fact]
    public async Task A_write_while_redis_is_down_is_not_served_stale_once_redis_returns()
    {
        using var admin = _app.CreateAdminClient();
        var before = await _client.GetItemAsync(2);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 2)), "item 2 to be cached");

        // A polite stop writes the AOF, so Redis comes back still holding the old copy of item 2.
        await fixture.Redis.StopAsync();
        await Eventually.UntilAsync(async () => await HealthStatusAsync("redis-cache") == "Degraded", "the service to notice Redis is gone");

        var put = await admin.PutAsJsonAsync("/api/catalog/items/2", new { before.Name, before.Description, price = 7.77m, before.Brand, before.Type });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(7.77m, (await _client.GetItemAsync(2)).Price);

        await fixture.EnsureRedisRunningAsync();
        await Eventually.UntilAsync(async () => await HealthStatusAsync() == "Healthy", "the service to reconnect to Redis");

        Assert.Equal(7.77m, (await _client.GetItemAsync(2)).Price);
        Assert.Equal(7.77m, (await _client.GetPageAsync("?pageSize=2")).Data[1].Price);
        Assert.True((long)await fixture.Cache.StringGetAsync(CatalogCache.PageVersionKey) >= 1, "the deferred invalidation should have bumped the page version");
    }

    [Fact]
    public async Task A_stalled_redis_costs_a_few_reads_the_cache_timeout_and_then_nothing_until_it_recovers()
    {
        const int SIGSTOP = 19, SIGCONT = 18;
        // A Redis client that would wait 5 s on its own, so a read that returns well before that shows
        // the cache's own bound (150 ms) at work, even on a busy machine.
        await using var app = await new CatalogApp(_database, $"{fixture.Redis.ConnectionString},asyncTimeout=5000,syncTimeout=5000").ReadyAsync();
        var client = app.CreateClient();
        var item = await client.GetItemAsync(4);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 4)), "item 4 to be cached");
        using var lookups = new CacheLookupRecorder();

        // Stopped, not killed: the connection stays open and every command just hangs, as with an overloaded Redis.
        Assert.True(fixture.Redis.Process!.Signal(SIGSTOP), "redis-server should accept SIGSTOP");
        try
        {
            var slowest = TimeSpan.Zero;
            for (var i = 0; i < 12; i++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                Assert.Equal(item, await client.GetItemAsync(4));
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                slowest = elapsed > slowest ? elapsed : slowest;
            }

            Assert.True(slowest < TimeSpan.FromSeconds(2.5), $"a read took {slowest.TotalMilliseconds:0} ms with Redis stalled; the client alone would wait 5 s");
            var options = new CatalogCacheOptions();
            Assert.InRange(lookups.Count("error"), 1, options.BreakerMinimumThroughput);
            Assert.True(lookups.Count("bypass") >= 12 - options.BreakerMinimumThroughput,
                $"the breaker should open and skip the cache: {lookups.Count("bypass")} bypasses, {lookups.Count("error")} errors");
        }
        finally
        {
            fixture.Redis.Process.Signal(SIGCONT);
        }

        // After the break the breaker lets one call probe Redis, and reads are served from the cache again.
        await Eventually.UntilAsync(async () =>
        {
            lookups.Clear();
            await client.GetItemAsync(4);
            return lookups.Count("hit") == 1;
        }, "reads to be served from the cache again once Redis resumes");
    }

    /// <summary>The readiness status overall, or of one named check.</summary>
    private async Task<string?> HealthStatusAsync(string? check = null)
    {
        var report = await (await _client.GetAsync("/health")).ReadJsonAsync();
        return (check is null ? report : report.GetProperty("checks").GetProperty(check)).GetProperty("status").GetString();
    }

    /// <summary>Counts the service's cache lookups by result, from its own meter.</summary>
    private sealed class CacheLookupRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _results = new();

        public CacheLookupRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == CatalogMetrics.CacheLookupsName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "catalog.cache.result") _results.Enqueue((string)tag.Value!);
                }
            });
            _listener.Start();
        }

        public int Count(string result) => _results.Count(r => r == result);
        public void Clear() => _results.Clear();
        public void Dispose() => _listener.Dispose();
    }
}
