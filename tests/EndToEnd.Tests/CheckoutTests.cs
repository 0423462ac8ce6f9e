using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Reference.Testing;

namespace Reference.EndToEnd.Tests;

/// <summary>Browse → basket → checkout through the gateway only, and a replayed checkout making no second order.</summary>
[Collection(SystemCollection.Name)]
public sealed class CheckoutTests(SystemFixture system)
{
    [Fact]
    public async Task Browse_basket_checkout_through_the_gateway_makes_a_paid_order_the_buyer_can_read()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var shopper = await Shopper.NewAsync(gateway);
        var basket = await shopper.FillBasketAsync();
        var line = basket.Items[0];

        using var response = await shopper.CheckoutAsync(basket, Guid.NewGuid().ToString());

        await Shopper.AssertStatusAsync(HttpStatusCode.Created, response);
        var order = (await response.Content.ReadFromJsonAsync<Order>())!;
        Assert.Equal($"/api/orders/{order.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(shopper.BuyerId, order.BuyerId);
        Assert.Equal(line.UnitPrice * line.Quantity, order.Total);
        var ordered = Assert.Single(order.Items);
        Assert.Equal((line.ProductId, line.Quantity, line.UnitPrice), (ordered.ProductId, ordered.Quantity, ordered.UnitPrice));
        Assert.Contains(order.Status, new[] { OrderStatus.Paid, OrderStatus.PendingPayment });

        // Payments is healthy, so the order is Paid — at once, or by the settlement worker soon after.
        var paid = await Eventually.ReturnsAsync(() => shopper.GetOrderAsync(order.Id), o => o.Status == OrderStatus.Paid,
            $"order {order.Id} to be Paid");
        Assert.Equal(order.Total, paid.Total);

        var listed = Assert.Single(await shopper.ListOrdersAsync());
        Assert.Equal(order.Id, listed.Id);
        Assert.Equal(OrderStatus.Paid, listed.Status);
        shopper.AssertFewRetries();
    }

    [Fact]
    public async Task Replaying_a_checkout_with_the_same_key_returns_the_same_order_and_stores_one()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var shopper = await Shopper.NewAsync(gateway);
        var basket = await shopper.FillBasketAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await shopper.CheckoutAsync(basket, key);
        await Shopper.AssertStatusAsync(HttpStatusCode.Created, first);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var order = (await first.Content.ReadFromJsonAsync<Order>())!;

        using var replay = await shopper.CheckoutAsync(basket, key);

        await Shopper.AssertStatusAsync(HttpStatusCode.OK, replay);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        var replayed = (await replay.Content.ReadFromJsonAsync<Order>())!;
        Assert.Equal(order.Id, replayed.Id);
        Assert.Equal(order.Total, replayed.Total);
        Assert.Equal(order.CreatedAt, replayed.CreatedAt);

        // Straight from orderingdb: one key row, one order for this buyer.
        await using var db = NpgsqlDataSource.Create(await system.GetConnectionStringAsync("orderingdb"));
        await using var keys = db.CreateCommand("SELECT order_id FROM idempotency_keys WHERE key = $1");
        keys.Parameters.AddWithValue(key);
        var orderIds = new List<Guid>();
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) orderIds.Add(reader.GetGuid(0));
        }
        Assert.Equal(order.Id, Assert.Single(orderIds));

        await using var orders = db.CreateCommand("SELECT count(*) FROM orders WHERE buyer_id = $1");
        orders.Parameters.AddWithValue(shopper.BuyerId);
        Assert.Equal(1L, (long)(await orders.ExecuteScalarAsync())!);
        shopper.AssertFewRetries();
    }

    [Fact]
    public async Task Another_buyers_basket_and_orders_answer_404_through_the_gateway()
    {
        using var gateway = system.CreateHttpClient("gateway");
        var alice = await Shopper.NewAsync(gateway);
        var basket = await alice.FillBasketAsync();
        using var checkout = await alice.CheckoutAsync(basket, Guid.NewGuid().ToString());
        await Shopper.AssertStatusAsync(HttpStatusCode.Created, checkout);
        var order = (await checkout.Content.ReadFromJsonAsync<Order>())!;

        // Bob as an API client (header) and as the storefront (the cookie POST /api/buyers set in this client's jar).
        using var bobsBrowser = new HttpClient { BaseAddress = gateway.BaseAddress };
        var bob = await GatewayBuyer.CreateAsync(bobsBrowser);
        using var anonymous = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.BaseAddress };
        foreach (var path in new[] { $"/api/basket/{alice.BuyerId}", $"/api/orders/{order.Id}", $"/api/orders?buyerId={alice.BuyerId}" })
        {
            using var asBob = await gateway.SendAsync(bob.Sign(new HttpRequestMessage(HttpMethod.Get, path)));
            await Shopper.AssertStatusAsync(HttpStatusCode.NotFound, asBob);
            using var withBobsCookie = await bobsBrowser.GetAsync(path);
            await Shopper.AssertStatusAsync(HttpStatusCode.NotFound, withBobsCookie);
            using var withoutToken = await anonymous.GetAsync(path);
            await Shopper.AssertStatusAsync(HttpStatusCode.Unauthorized, withoutToken);
        }
        using (var ownBasket = await bobsBrowser.GetAsync($"/api/basket/{bob.BuyerId}"))
            await Shopper.AssertStatusAsync(HttpStatusCode.OK, ownBasket); // the cookie alone is a valid token
        alice.AssertFewRetries();
    }
}
