using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Catalog.Infrastructure;
using Reference.Catalog.Model;
using Reference.Testing;

namespace Reference.Catalog.Tests.Integration;

/// <summary>The HTTP contract of docs/api.md, against real Postgres and Redis.</summary>
[Collection(CatalogCollection.Name)]
public sealed class CatalogApiTests(CatalogFixture fixture) : IAsyncLifetime
{
    private CatalogApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await new CatalogApp(await fixture.FreshStateAsync(), fixture.Redis.ConnectionString).ReadyAsync();
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Listing_pages_through_the_seeded_catalogue()
    {
        var first = await _client.GetPageAsync("?pageIndex=0&pageSize=10");
        var second = await _client.GetPageAsync("?pageIndex=1&pageSize=10");

        Assert.Equal(CatalogSeed.Items.Count, first.Count);
        Assert.Equal(Enumerable.Range(1, 10), first.Data.Select(i => i.Id));
        Assert.Equal(Enumerable.Range(11, 10), second.Data.Select(i => i.Id));
        Assert.Equal(CatalogSeed.Items[0], first.Data[0]);
    }

    [Fact]
    public async Task Listing_without_a_query_uses_page_zero_of_ten()
    {
        var page = await _client.GetPageAsync("");

        Assert.Equal(0, page.PageIndex);
        Assert.Equal(10, page.PageSize);
        Assert.Equal(10, page.Data.Count);
    }

    [Fact]
    public async Task Listing_filters_by_brand_and_type()
    {
        var expected = CatalogSeed.Items.Where(i => i.Brand == "Contoso" && i.Type == "Tents").ToList();

        var page = await _client.GetPageAsync("?brand=Contoso&type=Tents&pageSize=100");

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, page.Count);
        Assert.Equal(expected, page.Data);
    }

    [Fact]
    public async Task Item_by_id_returns_the_item_and_unknown_ids_are_404_problems()
    {
        Assert.Equal(CatalogSeed.Items[4], await _client.GetItemAsync(5));

        var missing = await _client.GetAsync("/api/catalog/items/99999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Item_read_misses_then_is_served_from_the_cache()
    {
        var key = CatalogCache.ItemKey(0, 7);
        Assert.False(await fixture.Cache.KeyExistsAsync(key), "the cache starts empty");

        var fromDatabase = await _client.GetItemAsync(7);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(key), $"the key {key} to be cached after a miss");
        var ttl = await fixture.Cache.KeyTimeToLiveAsync(key);
        Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= new CatalogCacheOptions().ItemTtl, $"the cached item should expire, TTL was {ttl}");

        // Change the cached copy behind the service's back: a read that returns it came from Redis.
        var marked = fromDatabase with { Price = 1.23m };
        await fixture.Cache.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(marked, Json.Web), ttl!.Value);
        Assert.Equal(marked, await _client.GetItemAsync(7));
    }

    [Fact]
    public async Task Page_read_misses_then_is_served_from_the_cache_under_the_page_version()
    {
        var query = new CatalogQuery(2, 5, null, null);
        var key = CatalogCache.PageKey(0, query);

        var fromDatabase = await _client.GetPageAsync("?pageIndex=2&pageSize=5");
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(key), $"the page key {key} to be cached");

        var marked = fromDatabase with { Count = 12345 };
        await fixture.Cache.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(marked, Json.Web), TimeSpan.FromMinutes(1));
        Assert.Equal(12345, (await _client.GetPageAsync("?pageIndex=2&pageSize=5")).Count);
    }

    [Fact]
    public async Task Cache_hits_and_misses_are_exported_on_the_metrics_endpoint()
    {
        await _client.GetItemAsync(9);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 9)), "item 9 to be cached");
        await _client.GetItemAsync(9);

        var metrics = await Eventually.ReturnsAsync(() => _client.GetStringAsync("/metrics"),
            text => text.Contains("catalog_cache_lookups"), "the cache counter on /metrics");
        var lines = metrics.Split('\n').Where(l => l.StartsWith("catalog_cache_lookups", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("catalog_cache_result=\"hit\"") && l.Contains("catalog_cache_kind=\"item\""));
        Assert.Contains(lines, l => l.Contains("catalog_cache_result=\"miss\""));
    }

    [Fact]
    public async Task Put_retires_the_cached_item_and_every_cached_page_by_bumping_their_versions()
    {
        using var admin = _app.CreateAdminClient();
        var before = await _client.GetItemAsync(1);
        Assert.Equal(before, (await _client.GetPageAsync("?pageSize=3")).Data[0]);
        await Eventually.UntilAsync(() => fixture.Cache.KeyExistsAsync(CatalogCache.ItemKey(0, 1)), "item 1 to be cached");

        var response = await admin.PutAsJsonAsync("/api/catalog/items/1",
            new { before.Name, before.Description, price = 42.42m, before.Brand, before.Type });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(42.42m, (await response.Content.ReadFromJsonAsync<CatalogItem>(Json.Web))!.Price);
        Assert.Equal(1, (long)await fixture.Cache.StringGetAsync(CatalogCache.ItemVersionKey(1)));
        Assert.Equal(1, (long)await fixture.Cache.StringGetAsync(CatalogCache.PageVersionKey));
        Assert.Equal(42.42m, (await _client.GetItemAsync(1)).Price);
        Assert.Equal(42.42m, (await _client.GetPageAsync("?pageSize=3")).Data[0].Price);
    }

    [Fact]
    public async Task Post_creates_an_item_with_its_location_and_the_listing_counts_it()
    {
        using var admin = _app.CreateAdminClient();
        Assert.Equal(CatalogSeed.Items.Count, (await _client.GetPageAsync("?pageSize=1")).Count);

        var response = await admin.PostAsJsonAsync("/api/catalog/items",
            new { name = "Northwind Summit Pole", description = "Carbon trekking pole.", price = 59.90m, brand = "Northwind", type = "Poles" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CatalogItem>(Json.Web))!;
        Assert.Equal(CatalogSeed.Items.Count + 1, created.Id);
        Assert.Equal($"/api/catalog/items/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(created, await _client.GetItemAsync(created.Id));
        Assert.Equal(CatalogSeed.Items.Count + 1, (await _client.GetPageAsync("?pageSize=1")).Count);
    }

    [Fact]
    public async Task Put_of_an_unknown_item_is_404()
    {
        using var admin = _app.CreateAdminClient();
        var response = await admin.PutAsJsonAsync("/api/catalog/items/99999",
            new { name = "Nothing", price = 1m, brand = "B", type = "T" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Admin_writes_without_the_right_key_are_401_problems(string? key)
    {
        using var client = _app.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Admin-Key", key);

        var post = await client.PostAsJsonAsync("/api/catalog/items", new { name = "X", price = 1m, brand = "B", type = "T" });
        var put = await client.PutAsJsonAsync("/api/catalog/items/1", new { name = "X", price = 1m, brand = "B", type = "T" });

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CatalogSeed.Items[0], await _client.GetItemAsync(1));
    }

    [Theory]
    [InlineData("""{"price":10,"brand":"B","type":"T"}""", "name")]
    [InlineData("""{"name":"  ","price":10,"brand":"B","type":"T"}""", "name")]
    [InlineData("""{"name":"NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN","price":10,"brand":"B","type":"T"}""", "name")]
    [InlineData("""{"name":"N","price":0,"brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","price":-1,"brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","price":100000.01,"brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","price":1.001,"brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","price":"cheap","brand":"B","type":"T"}""", "price")]
    [InlineData("""{"name":"N","price":10,"type":"T"}""", "brand")]
    [InlineData("""{"name":"N","price":10,"brand":"B"}""", "type")]
    [InlineData("", "body")]
    public async Task Bad_item_bodies_are_400_problems_naming_the_field(string body, string field)
    {
        using var admin = _app.CreateAdminClient();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/catalog/items"), (HttpMethod.Put, "/api/catalog/items/1") })
        {
            var response = await admin.SendAsync(new HttpRequestMessage(method, path)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            });

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {body}: expected 400, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.ReadJsonAsync()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{method} {body}: expected errors to name '{field}', got {errors}");
        }
        Assert.Equal(CatalogSeed.Items[0], await _client.GetItemAsync(1));
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    [InlineData("?pageIndex=-1", "pageIndex")]
    [InlineData("?pageIndex=x", "pageIndex")]
    public async Task Bad_listing_queries_are_400_problems_naming_the_field(string query, string field)
    {
        var response = await _client.GetAsync($"/api/catalog/items{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{query}: expected errors to name '{field}', got {errors}");
    }

    [Fact]
    public async Task A_non_numeric_id_is_a_400_naming_the_id()
    {
        var response = await _client.GetAsync("/api/catalog/items/abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("id", out _));
    }
}
