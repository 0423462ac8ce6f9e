using Reference.Testing.Hosting;
using System.Net;
using System.Text;
using Reference.Ordering.Tests.Fixtures;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

/// <summary>Bad input is a 400 naming the field, and never creates an order.</summary>
[Collection(CheckoutCollection.Name)]
public sealed class ValidationTests(CheckoutFixture system)
{
    private readonly HttpClient _client = system.Client;

    [Fact]
    public async Task A_missing_idempotency_key_is_a_400_naming_the_header()
    {
        using var response = await _client.PlaceAsync(idempotencyKey: null, OneItem("ivan"));

        await Problem.AssertNamesFieldAsync(response, "Idempotency-Key");
    }

    [Fact]
    public async Task An_idempotency_key_over_100_characters_is_a_400_naming_the_header()
    {
        using var response = await _client.PlaceAsync(new string('k', 101), OneItem("ivan"));

        await Problem.AssertNamesFieldAsync(response, "Idempotency-Key");
    }

    [Theory]
    [InlineData("""{ "items": [ { "productId": 1, "quantity": 1, "unitPrice": 12.50 } ] }""", "buyerId")]
    [InlineData("""{ "buyerId": "judy", "items": [] }""", "items")]
    [InlineData("""{ "buyerId": "judy" }""", "items")]
    [InlineData("""{ "buyerId": "judy", "items": [ { "productId": 1, "quantity": 0, "unitPrice": 12.50 } ] }""", "items[0].quantity")]
    [InlineData("""{ "buyerId": "judy", "items": [ { "productId": 1, "quantity": 1, "unitPrice": 12.50 }, { "productId": 1, "quantity": 101, "unitPrice": 12.50 } ] }""", "items[1].quantity")]
    [InlineData("""{ "buyerId": "judy", "items": [ { "productId": 1, "quantity": 1, "unitPrice": 0 } ] }""", "items[0].unitPrice")]
    [InlineData("""{ "buyerId": "judy", "items": [ { "quantity": 1, "unitPrice": 12.50 } ] }""", "items[0].productId")]
    [InlineData("""{ "buyerId": "judy", "items": [ { "productId": 1, "quantity": "two", "unitPrice": 12.50 } ] }""", "items[0].quantity")]
    public async Task Bad_bodies_are_400s_naming_the_field(string json, string field)
    {
        using var response = await PostRawAsync(json);

        await Problem.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        using var response = await PostRawAsync("""{ "buyerId": "judy", "items": [ """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Problem.ReadAsync(response);
    }

    [Fact]
    public async Task Listing_without_a_buyer_is_a_400_naming_buyerId()
    {
        using var response = await _client.GetAsync("/api/orders", "judy");

        await Problem.AssertNamesFieldAsync(response, "buyerId");
    }

    private async Task<HttpResponseMessage> PostRawAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }.AsBuyer("judy");
        request.Headers.Add("Idempotency-Key", NewKey());
        return await _client.SendAsync(request);
    }
}
