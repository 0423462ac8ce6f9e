using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>One checkout through the gateway, the way the storefront does it: browse, fill the basket, place the order.</summary>
public static class Checkout
{
    public sealed record Placed(string BuyerId, string OrderId, string Status);

    public static async Task<Placed> PlaceOrderAsync(HttpClient gateway)
    {
        var page = await gateway.GetFromJsonAsync<JsonElement>("/api/catalog/items?pageSize=5");
        var item = page.GetProperty("data").EnumerateArray().First();
        var productId = item.GetProperty("id").GetInt32();

        var buyerId = $"ui-{Guid.NewGuid():N}";
        var put = await gateway.PutAsJsonAsync($"/api/basket/{buyerId}", new { items = new[] { new { productId, quantity = 1 } } });
        await EnsureAsync(put, "PUT /api/basket");
        var basket = await put.Content.ReadFromJsonAsync<JsonElement>();
        var unitPrice = basket.GetProperty("items")[0].GetProperty("unitPrice").GetDecimal();

        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { buyerId, items = new[] { new { productId, quantity = 1, unitPrice } } }),
        };
        order.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var placed = await gateway.SendAsync(order);
        await EnsureAsync(placed, "POST /api/orders");
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
        return new Placed(buyerId, body.GetProperty("id").GetString()!, body.GetProperty("status").GetString()!);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
