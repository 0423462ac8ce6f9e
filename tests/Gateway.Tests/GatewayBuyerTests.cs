using System.Net;
using System.Net.Http.Json;
using Reference.ServiceDefaults.Buyers;
using Reference.Testing;
using Reference.Testing.Hosting;

namespace Reference.Gateway.Tests;

/// <summary>
/// The gateway issues anonymous buyer tokens (<c>POST /api/buyers</c>), and its per-client rate limit keys on
/// the buyer a token proves, or the connection when there is none: never on anything a client merely says.
/// </summary>
public class GatewayBuyerTests
{
    private static readonly Dictionary<string, string[]> CatalogOnly = new() { ["catalog"] = ["catalog-0"] };

    [Fact]
    public async Task A_new_buyer_gets_a_signed_token_in_the_body_and_in_an_HttpOnly_SameSite_strict_cookie()
    {
        await using var system = await GatewaySystem.StartAsync(CatalogOnly);

        using var response = await system.Client.PostAsync("/api/buyers", null);

        await Problem.AssertStatusAsync(HttpStatusCode.Created, response);
        var buyer = await response.Content.ReadFromJsonAsync<NewBuyer>();
        Assert.NotNull(buyer);
        Assert.True(new BuyerToken(TestBuyers.SigningKey).TryVerify(buyer.Token, out var named), $"the token '{buyer.Token}' should verify under the key");
        Assert.Equal(buyer.BuyerId, named);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries);
        Assert.Equal($"{BuyerTokens.CookieName}={buyer.Token}", attributes[0]);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/api", attributes, StringComparer.OrdinalIgnoreCase);

        // Two buyers are two buyers.
        using var second = await system.Client.PostAsync("/api/buyers", null);
        Assert.NotEqual(buyer.BuyerId, (await second.Content.ReadFromJsonAsync<NewBuyer>())!.BuyerId);
    }

    [Fact]
    public async Task The_rate_limit_keys_on_the_verified_buyer_not_on_a_header()
    {
        await using var system = await GatewaySystem.StartAsync(CatalogOnly, new Dictionary<string, string?>
        {
            ["Shedding:PerClientPermitsPerSecond"] = "1",
            ["Shedding:PerClientBurst"] = "2",
        });
        // One client, one connection: only what the gateway can verify tells its buyers apart.
        var alice = TestBuyers.Token("alice");
        var bob = TestBuyers.Token("bob");

        await ExhaustAsync(system.Client, alice, "alice's bucket");
        using (var asBob = await GetAsync(system.Client, bob)) await Problem.AssertStatusAsync(HttpStatusCode.OK, asBob);

        // Without a verified token the key is the connection: once its bucket is empty, nothing a client can
        // write in a header buys it a new one — not a forged token, not an id header, not a forwarded-for.
        await ExhaustAsync(system.Client, token: null, "the connection's bucket");
        foreach (var (name, value) in new[]
        {
            (BuyerTokens.HeaderName, "mallory.forged-signature"),
            (BuyerTokens.HeaderName, "alice"),
            ("X-Buyer-Id", "mallory"),
            ("X-Client-Id", Guid.NewGuid().ToString()),
            ("X-Forwarded-For", "203.0.113.7"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/items");
            request.Headers.Add(name, value);
            using var spoofed = await system.Client.SendAsync(request);
            Assert.True(spoofed.StatusCode == HttpStatusCode.TooManyRequests, $"{name}: {value} should share the connection's empty bucket (429), got {(int)spoofed.StatusCode}");
        }
    }

    /// <summary>Sends as <paramref name="token"/>'s buyer (or none) until the bucket answers 429, within 20 requests.</summary>
    private static async Task ExhaustAsync(HttpClient client, string? token, string what)
    {
        for (var i = 0; i < 20; i++)
        {
            using var response = await GetAsync(client, token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Fail($"{what} (burst 2, 1 request/s) never answered 429 in 20 back-to-back requests");
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/items");
        if (token is not null) request.Headers.Add(BuyerTokens.HeaderName, token);
        return await client.SendAsync(request);
    }

    private sealed record NewBuyer(string BuyerId, string Token);
}
