using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Reference.Basket.Infrastructure;
using Reference.Testing;
using StackExchange.Redis;

namespace Reference.Basket.Tests;

/// <summary>The basket service against real Redis and a real HTTP stand-in for Catalog.</summary>
public class BasketApiTests
{
    [Fact]
    public async Task Put_get_and_delete_round_trip_through_redis_with_catalog_prices()
    {
        await using var system = await BasketSystem.StartAsync();

        using var put = await system.PutAsync("alice", (1, 2), (3, 5));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await BasketSystem.JsonAsync(put);
        Assert.Equal("alice", saved.GetProperty("buyerId").GetString());
        var mug = BasketSystem.Item(saved, 1);
        Assert.Equal("Reference mug", mug.GetProperty("productName").GetString());
        Assert.Equal(12.50m, mug.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(2, mug.GetProperty("quantity").GetInt32());
        Assert.True(mug.GetProperty("verified").GetBoolean());

        using var get = await system.GetAsync("alice");
        var read = await BasketSystem.JsonAsync(get);
        Assert.Equal(saved.ToString(), read.ToString());

        using var delete = await system.DeleteAsync("alice");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var getEmpty = await system.GetAsync("alice");
        var empty = await BasketSystem.JsonAsync(getEmpty);
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_write_stores_one_hash_per_buyer_with_a_30_day_ttl()
    {
        await using var system = await BasketSystem.StartAsync();
        using var put = await system.PutAsync("bob", (1, 1), (2, 4));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(system.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var key = RedisBasketStore.KeyFor("bob");
        Assert.Equal("basket:bob", key.ToString());
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(key));
        Assert.Equal(["1", "2"], (await db.HashKeysAsync(key)).Select(k => k.ToString()).Order());
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));

        // A basket emptied by PUT leaves no key behind.
        using var emptied = await system.PutAsync("bob");
        Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        Assert.False(await db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Catalog_unreachable_accepts_the_item_at_its_last_known_price_unverified()
    {
        await using var system = await BasketSystem.StartAsync();
        using (var first = await system.PutAsync("carol", (1, 1)))
        {
            Assert.True(BasketSystem.Item(await BasketSystem.JsonAsync(first), 1).GetProperty("verified").GetBoolean());
        }

        await system.Catalog.StopAsync();

        using var degraded = await system.PutAsync("carol", (1, 3));
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        var mug = BasketSystem.Item(await BasketSystem.JsonAsync(degraded), 1);
        Assert.False(mug.GetProperty("verified").GetBoolean());
        Assert.Equal(12.50m, mug.GetProperty("unitPrice").GetDecimal());
        Assert.Equal("Reference mug", mug.GetProperty("productName").GetString());
        Assert.Equal(3, mug.GetProperty("quantity").GetInt32());

        // A product never priced before cannot be guessed: 503 naming the item, with Retry-After — not a 500.
        using var unknownPrice = await system.PutAsync("carol", (1, 3), (2, 1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unknownPrice.StatusCode);
        Assert.NotNull(unknownPrice.Headers.RetryAfter);
        Assert.Contains("items[1].productId", await unknownPrice.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Catalog_answering_5xx_degrades_to_unverified_lines_and_never_500()
    {
        await using var system = await BasketSystem.StartAsync();
        using (var warm = await system.PutAsync("dave", (2, 1))) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        system.Catalog.Failing = true;
        for (var i = 0; i < 15; i++) // enough calls to open the circuit breaker too
        {
            using var response = await system.PutAsync("dave", (2, 1 + i % 3));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var shirt = BasketSystem.Item(await BasketSystem.JsonAsync(response), 2);
            Assert.False(shirt.GetProperty("verified").GetBoolean());
            Assert.Equal(20.00m, shirt.GetProperty("unitPrice").GetDecimal());
        }
    }

    [Fact]
    public async Task Unknown_product_is_a_400_naming_the_item()
    {
        await using var system = await BasketSystem.StartAsync();
        using var response = await system.PutAsync("erin", (1, 1), (999, 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BasketSystem.JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[1].productId", out _), problem.ToString());
    }

    [Theory]
    [InlineData("bad%20id", """{"items":[]}""", "buyerId")]
    [InlineData("this-buyer-id-is-far-too-long-0123456789012345678901234567890123456789", """{"items":[]}""", "buyerId")]
    [InlineData("frank", """{"items":[{"productId":1,"quantity":0}]}""", "items[0].quantity")]
    [InlineData("frank", """{"items":[{"productId":1,"quantity":1},{"productId":2,"quantity":101}]}""", "items[1].quantity")]
    [InlineData("frank", """{"items":[{"productId":1,"quantity":60},{"productId":1,"quantity":60}]}""", "items[0].quantity")]
    [InlineData("frank", """{"items":[{"productId":0,"quantity":1}]}""", "items[0].productId")]
    [InlineData("frank", """{}""", "items")]
    [InlineData("frank", """{"items":[{"productId":1,"quantity":"many"}]}""", "items[0].quantity")]
    public async Task Bad_input_is_a_400_naming_the_field(string buyerId, string body, string field)
    {
        await using var system = await BasketSystem.StartAsync();
        // As a valid buyer: the checks of the path's buyer id come before the check that it is the token's.
        using var response = await system.SendAsync(HttpMethod.Put, buyerId, asBuyer: "frank", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BasketSystem.JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
    }

    [Fact]
    public async Task More_than_50_distinct_products_is_a_400_naming_items()
    {
        await using var system = await BasketSystem.StartAsync();
        var catalogCallsBefore = system.Catalog.Requests; // the start-up warm-up makes one
        using var response = await system.PutAsync("gina", Enumerable.Range(1, 51).Select(i => (i, 1)).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await BasketSystem.JsonAsync(response)).GetProperty("errors").TryGetProperty("items", out _));
        Assert.Equal(catalogCallsBefore, system.Catalog.Requests); // rejected before any work downstream
    }

    [Fact]
    public async Task Redis_killed_answers_503_with_retry_after_without_waiting_for_the_timeout_and_recovers()
    {
        // Retry-After comes from the one setting every service reads (ServiceDefaults' Unavailable).
        await using var system = await BasketSystem.StartAsync(new Dictionary<string, string?> { ["Unavailable:RetryAfterSeconds"] = "7" });
        using (var before = await system.PutAsync("hank", (1, 1))) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        system.Redis.Kill();
        await Eventually.UntilAsync(async () =>
        {
            using var health = await system.Client.GetAsync("/health");
            return health.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "basket readiness to fail once Redis is gone", TimeSpan.FromSeconds(10));

        foreach (var send in new Func<Task<HttpResponseMessage>>[]
        {
            () => system.GetAsync("hank"),
            () => system.PutAsync("hank", (1, 2)),
            () => system.DeleteAsync("hank"),
        })
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            // The behaviour under test: a disconnected store is known at once, not after the 1 s command timeout.
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(RedisExtensionsTimeoutMs),
                $"expected an answer before the Redis command timeout ({RedisExtensionsTimeoutMs} ms), took {clock.ElapsedMilliseconds} ms");
        }

        await system.Redis.StartAsync();
        await Eventually.UntilAsync(async () =>
        {
            using var response = await system.PutAsync("hank", (1, 2));
            return response.StatusCode == HttpStatusCode.OK;
        }, "basket writes to work again after Redis restarts", TimeSpan.FromSeconds(15));
    }

    private const int RedisExtensionsTimeoutMs = Reference.ServiceDefaults.RedisExtensions.DefaultCommandTimeoutMs;
}
