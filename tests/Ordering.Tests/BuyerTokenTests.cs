using System.Net;
using System.Net.Http.Json;
using Reference.Ordering.Tests.Fixtures;
using Reference.ServiceDefaults.Buyers;
using Reference.Testing;
using Reference.Testing.Hosting;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

/// <summary>
/// Orders belong to the buyer the token names (ServiceDefaults' <c>Buyers/</c>). Ordering verifies the token
/// itself: it is reachable directly on loopback, so a buyer id in a body or a query proves nothing.
/// </summary>
[Collection(CheckoutCollection.Name)]
public sealed class BuyerTokenTests(CheckoutFixture system)
{
    private readonly HttpClient _client = system.Client;

    [Fact]
    public async Task Another_buyers_order_answers_404()
    {
        var alice = $"alice-{Guid.NewGuid():N}";
        using var placed = await _client.PlaceAsync(NewKey(), OneItem(alice));
        await Problem.AssertStatusAsync(HttpStatusCode.Created, placed);
        var order = await placed.ReadOrderAsync();

        // Bob, with a valid token of his own: Alice's order by id, and her list, are as if they did not exist.
        using (var byId = await _client.GetAsync($"/api/orders/{order.Id}", "bob"))
            await Problem.AssertStatusAsync(HttpStatusCode.NotFound, byId);
        using (var list = await _client.GetAsync($"/api/orders?buyerId={alice}", "bob"))
            await Problem.AssertStatusAsync(HttpStatusCode.NotFound, list);

        // Alice sees both.
        Assert.Equal(order.Id, (await _client.GetOrderAsync(order)).Id);
        using var own = await _client.GetAsync($"/api/orders?buyerId={alice}", alice);
        Assert.Equal([order.Id], (await own.Content.ReadFromJsonAsync<List<OrderDto>>())!.Select(o => o.Id));
    }

    [Fact]
    public async Task An_order_for_another_buyer_is_refused_403_naming_buyerId_and_not_made()
    {
        var victim = $"victim-{Guid.NewGuid():N}";
        using var response = await _client.PlaceAsync(NewKey(), OneItem(victim), asBuyer: "mallory");

        await Problem.AssertStatusAsync(HttpStatusCode.Forbidden, response);
        Assert.True((await Problem.ReadAsync(response)).GetProperty("errors").TryGetProperty("buyerId", out _));
        Assert.Equal(0, await system.ScalarAsync("SELECT count(*) FROM orders WHERE buyer_id = $1", victim));
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        using var place = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(OneItem("nobody")) };
        place.Headers.Add("Idempotency-Key", NewKey());
        foreach (var request in new[]
        {
            place,
            new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{Guid.NewGuid()}"),
            new HttpRequestMessage(HttpMethod.Get, "/api/orders?buyerId=nobody"),
        })
        {
            using (request)
            using (var response = await _client.SendAsync(request))
                await AssertUnauthorizedNamingTheTokenAsync(response);
        }
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var genuine = TestBuyers.Token("alice");
        foreach (var token in new[]
        {
            new BuyerToken("a-different-signing-key-of-at-least-32-chars").Issue("alice"),
            "alicf" + genuine["alice".Length..],
            genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'),
            "alice",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders?buyerId=alice");
            request.Headers.Add(BuyerTokens.HeaderName, token);
            using var response = await _client.SendAsync(request);
            await AssertUnauthorizedNamingTheTokenAsync(response);
        }
    }

    private static async Task AssertUnauthorizedNamingTheTokenAsync(HttpResponseMessage response)
    {
        await Problem.AssertStatusAsync(HttpStatusCode.Unauthorized, response);
        var problem = await Problem.ReadAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(BuyerTokens.HeaderName, out _), $"expected errors naming {BuyerTokens.HeaderName}: {problem}");
    }
}
