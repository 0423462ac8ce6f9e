using System.Net;
using System.Net.Http.Json;
using Reference.ServiceDefaults.Buyers;
using Reference.Testing;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// A buyer driving the storefront's API through the gateway only: browse, fill a basket, check out.
/// Each step asserts what the contract promises, so a test reads as the journey it checks. Its buyer comes
/// from the gateway (<c>POST /api/buyers</c>) and every call carries its token, as any client's do.
/// </summary>
public sealed class Shopper(HttpClient gateway, string buyerId, string token)
{
    public string BuyerId { get; } = buyerId;

    /// <summary>A shopper with a new buyer from the gateway.</summary>
    public static async Task<Shopper> NewAsync(HttpClient gateway)
    {
        var buyer = await GatewayBuyer.CreateAsync(gateway);
        return new Shopper(gateway, buyer.BuyerId, buyer.Token);
    }

    private HttpRequestMessage Request(HttpMethod method, string path) =>
        new HttpRequestMessage(method, path).WithBuyerToken(token);

    public async Task<CatalogPage> BrowseAsync(int pageSize = 10)
    {
        using var response = await gateway.GetAsync($"/api/catalog/items?pageIndex=0&pageSize={pageSize}");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        var page = await response.Content.ReadFromJsonAsync<CatalogPage>();
        Assert.NotNull(page);
        return page;
    }

    public async Task<CatalogItem> ViewAsync(int id)
    {
        using var response = await gateway.GetAsync($"/api/catalog/items/{id}");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        var item = await response.Content.ReadFromJsonAsync<CatalogItem>();
        Assert.NotNull(item);
        return item;
    }

    public async Task<Basket> PutInBasketAsync(int productId, int quantity)
    {
        using var response = await SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Put, $"/api/basket/{BuyerId}")
        {
            Content = JsonContent.Create(new { items = new[] { new { productId, quantity } } }),
        });
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return (await response.Content.ReadFromJsonAsync<Basket>())!;
    }

    public async Task<Basket> GetBasketAsync()
    {
        using var response = await gateway.SendAsync(Request(HttpMethod.Get, $"/api/basket/{BuyerId}"));
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return (await response.Content.ReadFromJsonAsync<Basket>())!;
    }

    /// <summary>
    /// POST /api/orders with the basket's lines; the caller asserts on the status code. A 503 (Catalog
    /// could not check prices) is retried with the same key, as a client should: no order was made.
    /// </summary>
    public Task<HttpResponseMessage> CheckoutAsync(Basket basket, string idempotencyKey, string? traceparent = null) =>
        SendRetryingUnavailableAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new
                {
                    buyerId = BuyerId,
                    items = basket.Items.Select(i => new { productId = i.ProductId, quantity = i.Quantity, unitPrice = i.UnitPrice }).ToArray(),
                }),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (traceparent is not null) request.Headers.Add("traceparent", traceparent);
            return request;
        });

    /// <summary>
    /// Sends, and retries a 503 with Retry-After (the contract's "try again": Basket or Ordering could not
    /// reach Catalog in their tight budgets, which a loaded test machine does now and then) as a client
    /// should: after the wait the server asked for, at most <see cref="RetriesPerCall"/> times. Every retry
    /// is recorded, so a test can assert on it instead of a flaky dependency going unnoticed.
    /// </summary>
    public async Task<HttpResponseMessage> SendRetryingUnavailableAsync(Func<HttpRequestMessage> create)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create().WithBuyerToken(token);
            var response = await gateway.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null || attempt == RetriesPerCall)
                return response;
            var wait = response.Headers.RetryAfter.Delta ?? TimeSpan.FromSeconds(1);
            _retried.Add($"{request.Method} {request.RequestUri?.PathAndQuery}: 503, Retry-After {wait.TotalSeconds:0.#} s: {await response.Content.ReadAsStringAsync()}");
            response.Dispose();
            await Task.Delay(wait < MaxRetryWait ? wait : MaxRetryWait);
        }
    }

    /// <summary>A call is sent at most this many times more; the last answer is returned either way.</summary>
    public const int RetriesPerCall = 2;

    /// <summary>The most retried 503s one journey may see on a healthy system before its test fails.</summary>
    public const int RetriesPerJourney = 2;

    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(2);
    private readonly List<string> _retried = [];

    /// <summary>Each retried 503: the request and the answer, in order.</summary>
    public IReadOnlyList<string> Retried => _retried;

    public int Retries => _retried.Count;

    /// <summary>
    /// A healthy system answers a journey's calls without more than <see cref="RetriesPerJourney"/>
    /// "try again"s; more means a dependency is failing, which the test must say, not hide.
    /// </summary>
    public void AssertFewRetries()
    {
        if (Retries > RetriesPerJourney)
            Assert.Fail($"{Retries} retried 503s in one journey (at most {RetriesPerJourney} expected on a healthy system):\n{string.Join("\n", Retried)}");
    }

    public static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Browse, pick the first item, put two in the basket and read the basket back: ready to check out.</summary>
    public async Task<Basket> FillBasketAsync()
    {
        var page = await BrowseAsync();
        Assert.NotEmpty(page.Data);
        var item = await ViewAsync(page.Data[0].Id);
        await PutInBasketAsync(item.Id, 2);
        var basket = await GetBasketAsync();
        var line = Assert.Single(basket.Items);
        Assert.Equal(item.Id, line.ProductId);
        Assert.Equal(item.Price, line.UnitPrice);
        Assert.True(line.Verified, "Basket should verify the item against Catalog.");
        return basket;
    }

    public async Task<Order> GetOrderAsync(Guid id)
    {
        using var response = await gateway.SendAsync(Request(HttpMethod.Get, $"/api/orders/{id}"));
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return (await response.Content.ReadFromJsonAsync<Order>())!;
    }

    public async Task<IReadOnlyList<Order>> ListOrdersAsync()
    {
        using var response = await gateway.SendAsync(Request(HttpMethod.Get, $"/api/orders?buyerId={BuyerId}"));
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return (await response.Content.ReadFromJsonAsync<List<Order>>())!;
    }
}

internal static class BuyerTokenHeader
{
    /// <summary>Adds the token unless the request already carries one.</summary>
    public static HttpRequestMessage WithBuyerToken(this HttpRequestMessage request, string token)
    {
        if (!request.Headers.Contains(BuyerTokens.HeaderName)) request.Headers.Add(BuyerTokens.HeaderName, token);
        return request;
    }
}
