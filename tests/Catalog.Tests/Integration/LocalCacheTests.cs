using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Catalog.Infrastructure;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>
/// The memory tier in front of Redis, with two real replicas sharing Postgres and Redis: a hot item is served
/// from a replica's memory without asking Redis, and a write on one replica reaches the other's memory within
/// one second of being acknowledged.
/// </summary>
[Collection(CatalogCollection.Name)]
public sealed class LocalCacheTests(CatalogFixture fixture) : IAsyncLifetime
{
    /// <summary>The promise: no replica serves a price older than this after the write is acknowledged.</summary>
    private static readonly TimeSpan StalenessBound = TimeSpan.FromSeconds(1);

    private string _database = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureRedisRunningAsync();
        await fixture.EnsurePostgresRunningAsync();
        _database = await fixture.FreshStateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CatalogApp> ReplicaAsync(TimeSpan localTtl) =>
        new CatalogApp(_database, fixture.Redis.ConnectionString, new Dictionary<string, string?> { ["Catalog:Cache:LocalTtl"] = localTtl.ToString() }).ReadyAsync();

    [Fact]
    public async Task A_hot_item_is_served_from_memory_without_asking_redis()
    {
        await using var replica = await ReplicaAsync(TimeSpan.FromMinutes(1));
        var client = replica.CreateClient();
        var first = await client.GetItemAsync(3);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 3)), "item 3 to be cached in Redis");

        // Redis now says something else; a read that asked Redis would see it.
        await fixture.Cache.StringSetAsync(CatalogCache.ItemKey(0, 3), JsonSerializer.SerializeToUtf8Bytes(first with { Price = 999m }, Json.Web), TimeSpan.FromMinutes(1));

        Assert.Equal(first, await client.GetItemAsync(3));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("catalog_cache_lookups", StringComparison.Ordinal)
            && l.Contains("catalog_cache_result=\"local_hit\"") && l.Contains("catalog_cache_kind=\"item\""));
    }

    [Fact]
    public async Task A_write_on_one_replica_reaches_the_other_replicas_memory_within_a_second()
    {
        // A TTL far longer than the bound: only the invalidation message can make the other replica fresh in time.
        await using var writer = await ReplicaAsync(TimeSpan.FromMinutes(1));
        await using var reader = await ReplicaAsync(TimeSpan.FromMinutes(1));
        var readerClient = reader.CreateClient();
        var before = await readerClient.GetItemAsync(7);
        Assert.Equal(before.Price, (await readerClient.GetPageAsync("?pageSize=10")).Data.Single(i => i.Id == 7).Price);
        Assert.Equal(before, await readerClient.GetItemAsync(7)); // now in the reader's memory

        using var admin = writer.CreateAdminClient();
        using var put = await admin.PutAsJsonAsync("/api/catalog/items/7", new { before.Name, before.Description, price = before.Price + 1m, before.Brand, before.Type });
        await Problem.AssertStatusAsync(HttpStatusCode.OK, put);

        await Eventually.UntilAsync(async () => (await readerClient.GetItemAsync(7)).Price == before.Price + 1m,
            $"the other replica to serve the new price of item 7 within {StalenessBound.TotalSeconds} s of the write's acknowledgement",
            timeout: StalenessBound, pollInterval: TimeSpan.FromMilliseconds(20));
        var pageAfter = await readerClient.GetPageAsync("?pageSize=10");
        Assert.Equal(before.Price + 1m, pageAfter.Data.Single(i => i.Id == 7).Price);
    }

    [Fact]
    public async Task Without_any_invalidation_message_an_entry_lives_no_longer_than_the_local_ttl()
    {
        await using var replica = await ReplicaAsync(StalenessBound);
        var client = replica.CreateClient();
        var first = await client.GetItemAsync(4);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 4)), "item 4 to be cached in Redis");

        // A change no message announces (as if the message were lost): only the TTL can bring it in.
        await fixture.Cache.StringSetAsync(CatalogCache.ItemKey(0, 4), JsonSerializer.SerializeToUtf8Bytes(first with { Price = 321m }, Json.Web), TimeSpan.FromMinutes(1));

        await Eventually.UntilAsync(async () => (await client.GetItemAsync(4)).Price == 321m,
            "the memory tier's copy to expire and the next read to ask Redis", timeout: StalenessBound * 2, pollInterval: TimeSpan.FromMilliseconds(50));
    }
}
