using System.Net;
using System.Net.Http.Json;
using Reference.Ordering.Tests.Fixtures;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

[Collection(CheckoutCollection.Name)]
public sealed class CheckoutTests(CheckoutFixture system)
{
    private readonly HttpClient _client = system.Client;

    [Fact]
    public async Task An_order_with_current_prices_is_created_and_paid()
    {
        using var response = await _client.PlaceAsync(NewKey(), Body("alice", (1, 2, 12.50m), (2, 1, 5.00m)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadOrderAsync();
        Assert.Equal("Paid", order.Status);
        Assert.Equal(30.00m, order.Total);
        Assert.Equal(["Product 1", "Product 2"], order.Items.Select(i => i.ProductName));
        Assert.Equal($"/api/orders/{order.Id}", response.Headers.Location?.OriginalString);

        var stored = await _client.GetOrderAsync(order);
        Assert.Equal(order, stored with { Items = order.Items });
        Assert.Equal(order.Items, stored.Items);
    }

    [Fact]
    public async Task A_replay_with_the_same_key_returns_the_same_order_and_stores_one()
    {
        var key = NewKey();
        using var first = await _client.PlaceAsync(key, OneItem("bob"));
        using var replay = await _client.PlaceAsync(key, OneItem("bob"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"), "a first request must not say it was replayed");
        Assert.Equal((await first.ReadOrderAsync()).Id, (await replay.ReadOrderAsync()).Id);
        Assert.Equal(1, await system.ScalarAsync(
            "SELECT count(*) FROM orders o JOIN idempotency_keys k ON k.order_id = o.id WHERE k.key = $1", key));
    }

    [Fact]
    public async Task Concurrent_replays_of_one_key_make_exactly_one_order()
    {
        var key = NewKey();
        var buyer = $"carol-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.PlaceAsync(key, OneItem(buyer))));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 1 && statuses.Count(s => s == HttpStatusCode.OK) == 9,
                $"Expected one 201 and nine 200s, got [{string.Join(", ", statuses.Select(s => (int)s))}]");
            var ids = (await Task.WhenAll(responses.Select(r => r.ReadOrderAsync()))).Select(o => o.Id).Distinct().ToList();
            Assert.Single(ids);
            Assert.Equal(1, await system.ScalarAsync("SELECT count(*) FROM orders WHERE buyer_id = $1", buyer));
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_rejected_with_422()
    {
        var key = NewKey();
        using var first = await _client.PlaceAsync(key, OneItem("dave", quantity: 1));
        using var different = await _client.PlaceAsync(key, OneItem("dave", quantity: 3));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        await Problem.ReadAsync(different);
    }

    [Fact]
    public async Task An_unknown_product_is_a_400_naming_its_line()
    {
        using var response = await _client.PlaceAsync(NewKey(), Body("erin", (1, 1, 12.50m), (999, 1, 1.00m)));

        await Problem.AssertNamesFieldAsync(response, "items[1].productId");
    }

    [Fact]
    public async Task A_stale_price_is_a_409_that_states_the_current_price()
    {
        using var response = await _client.PlaceAsync(NewKey(), Body("frank", (2, 1, 4.00m)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        var mismatch = problem.GetProperty("mismatches")[0];
        Assert.Equal("items[0].unitPrice", mismatch.GetProperty("field").GetString());
        Assert.Equal(5.00m, mismatch.GetProperty("currentPrice").GetDecimal());
    }

    [Fact]
    public async Task An_order_above_the_providers_limit_is_declined()
    {
        using var response = await _client.PlaceAsync(NewKey(), OneItem("grace", productId: 3, quantity: 1));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadOrderAsync();
        Assert.Equal("Declined", order.Status);
        Assert.Equal("Declined", (await _client.GetOrderAsync(order)).Status);
    }

    [Fact]
    public async Task Orders_are_listed_by_buyer_newest_first()
    {
        var buyer = $"heidi-{Guid.NewGuid():N}";
        using var older = await _client.PlaceAsync(NewKey(), OneItem(buyer, quantity: 1));
        using var newer = await _client.PlaceAsync(NewKey(), OneItem(buyer, quantity: 2));
        using var someoneElse = await _client.PlaceAsync(NewKey(), OneItem($"other-{Guid.NewGuid():N}"));

        using var listing = await _client.GetAsync($"/api/orders?buyerId={buyer}", buyer);
        var listed = await listing.Content.ReadFromJsonAsync<List<OrderDto>>();

        Assert.Equal([(await newer.ReadOrderAsync()).Id, (await older.ReadOrderAsync()).Id], listed!.Select(o => o.Id));
    }

    [Fact]
    public async Task An_unknown_order_is_404()
    {
        using var response = await _client.GetAsync($"/api/orders/{Guid.NewGuid()}", "alice");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
