using System.Net;
using Reference.ServiceDefaults.Buyers;
using Reference.Testing;
using Reference.Testing.Hosting;

namespace Reference.Basket.Tests;

/// <summary>
/// A basket belongs to the buyer its token names (ServiceDefaults' <c>Buyers/</c>): Basket verifies the
/// signature itself, since it is reachable directly on loopback, and serves no one else.
/// </summary>
public class BuyerTokenTests
{
    [Fact]
    public async Task Another_buyers_basket_answers_404()
    {
        await using var system = await BasketSystem.StartAsync();
        using (var put = await system.PutAsync("alice", (1, 2))) await Problem.AssertStatusAsync(HttpStatusCode.OK, put);

        // Bob, with a valid token of his own, cannot read, overwrite or empty Alice's basket: it is as if it did not exist.
        using (var read = await system.SendAsync(HttpMethod.Get, "alice", asBuyer: "bob")) await Problem.AssertStatusAsync(HttpStatusCode.NotFound, read);
        using (var write = await system.SendAsync(HttpMethod.Put, "alice", asBuyer: "bob", System.Net.Http.Json.JsonContent.Create(new { items = Array.Empty<object>() })))
            await Problem.AssertStatusAsync(HttpStatusCode.NotFound, write);
        using (var delete = await system.SendAsync(HttpMethod.Delete, "alice", asBuyer: "bob")) await Problem.AssertStatusAsync(HttpStatusCode.NotFound, delete);

        using var own = await system.GetAsync("alice");
        var basket = await BasketSystem.JsonAsync(own);
        Assert.Equal(2, BasketSystem.Item(basket, 1).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        await using var system = await BasketSystem.StartAsync();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            using var response = await system.SendAsync(method, "alice", asBuyer: null,
                method == HttpMethod.Put ? System.Net.Http.Json.JsonContent.Create(new { items = Array.Empty<object>() }) : null);
            await AssertUnauthorizedNamingTheTokenAsync(response);
        }
    }

    [Theory]
    [InlineData("other-key")]
    [InlineData("altered-buyer")]
    [InlineData("altered-signature")]
    [InlineData("no-signature")]
    [InlineData("garbage")]
    public async Task A_tampered_token_is_401(string tampering)
    {
        await using var system = await BasketSystem.StartAsync();
        var genuine = TestBuyers.Token("alice");
        var token = tampering switch
        {
            "other-key" => new BuyerToken("a-different-signing-key-of-at-least-32-chars").Issue("alice"),
            "altered-buyer" => "alicf" + genuine["alice".Length..],
            "altered-signature" => genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'),
            "no-signature" => "alice.",
            _ => "not a token at all",
        };
        using var response = await system.SendAsync(HttpMethod.Get, "alice", asBuyer: null, token: token);
        await AssertUnauthorizedNamingTheTokenAsync(response);
    }

    [Fact]
    public async Task The_storefront_cookie_names_the_buyer_as_the_header_does()
    {
        await using var system = await BasketSystem.StartAsync();
        using (var put = await system.PutAsync("carol", (1, 1))) await Problem.AssertStatusAsync(HttpStatusCode.OK, put);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/basket/carol");
        request.Headers.Add("Cookie", $"{BuyerTokens.CookieName}={TestBuyers.Token("carol")}");
        using var response = await system.Client.SendAsync(request);
        await Problem.AssertStatusAsync(HttpStatusCode.OK, response);
        Assert.Equal("carol", (await BasketSystem.JsonAsync(response)).GetProperty("buyerId").GetString());
    }

    private static async Task AssertUnauthorizedNamingTheTokenAsync(HttpResponseMessage response)
    {
        await Problem.AssertStatusAsync(HttpStatusCode.Unauthorized, response);
        var problem = await Problem.ReadAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(BuyerTokens.HeaderName, out _), $"expected errors naming {BuyerTokens.HeaderName}: {problem}");
    }
}
