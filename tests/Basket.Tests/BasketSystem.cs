using System.Net.Http.Json;
using System.Text.Json;
using Reference.Testing.Processes;
using Reference.Basket.Infrastructure;
using Reference.ServiceDefaults.Buyers;
using Reference.Testing.Hosting;

namespace Reference.Basket.Tests;

/// <summary>One real Redis, a Catalog stub and the real Basket service on Kestrel, wired as the AppHost wires them.</summary>
public sealed class BasketSystem : IAsyncDisposable
{
    public required RedisServer Redis { get; init; }
    public required CatalogStub Catalog { get; init; }
    public required ServiceHost<RedisBasketStore> Basket { get; init; }
    public required HttpClient Client { get; init; }

    public static async Task<BasketSystem> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var redis = await RedisServer.StartAsync();
        var catalog = await CatalogStub.StartAsync();
        var basket = ServiceHost<RedisBasketStore>.Start(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["services:catalog:http:0"] = catalog.Address,
            // Production bounds are sized for the SLO (80 ms per attempt); a cold process on a busy
            // 2-core test box can exceed them on its first calls, and these tests are about behaviour.
            ["HttpClientResilience:AttemptTimeout:Timeout"] = "00:00:02",
            ["HttpClientResilience:TotalRequestTimeout:Timeout"] = "00:00:05",
        });
        return new BasketSystem { Redis = redis, Catalog = catalog, Basket = basket, Client = basket.CreateLoopbackClient() };
    }

    /// <summary>PUT /api/basket/{buyerId} as that buyer (its token signed with the test key).</summary>
    public Task<HttpResponseMessage> PutAsync(string buyerId, params (int ProductId, int Quantity)[] items) =>
        SendAsync(HttpMethod.Put, buyerId, buyerId, JsonContent.Create(new { items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }) }));

    public Task<HttpResponseMessage> GetAsync(string buyerId) => SendAsync(HttpMethod.Get, buyerId, buyerId);

    public Task<HttpResponseMessage> DeleteAsync(string buyerId) => SendAsync(HttpMethod.Delete, buyerId, buyerId);

    /// <summary>
    /// A request to <c>/api/basket/{basketOf}</c> carrying <paramref name="token"/> as <c>X-Buyer-Token</c>: by
    /// default the token of <paramref name="asBuyer"/>; null sends none.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string basketOf, string? asBuyer, HttpContent? content = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/basket/{basketOf}") { Content = content };
        if (token is not null) request.Headers.Add(BuyerTokens.HeaderName, token);
        else if (asBuyer is not null) request.AsBuyer(asBuyer);
        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    public static JsonElement Item(JsonElement basket, int productId) =>
        basket.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("productId").GetInt32() == productId);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Basket.DisposeAsync();
        await Catalog.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
