using System.Net;
using Reference.Testing;
using System.Text;
using System.Text.Json;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// Every endpoint answers bad input with a 400 problem-details whose <c>errors</c> names the field —
/// through the gateway where it routes, and directly for payments and catalog's admin API (on one replica).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputTests(SystemFixture system)
{
    private const string ValidOrder = """{"buyerId":"e2e-bad-input","items":[{"productId":1,"quantity":1,"unitPrice":1.00}]}""";

    public static TheoryData<string, string, string, string?, string?, string> Cases => new()
    {
        // target, method, path, JSON body, Idempotency-Key, field named in errors
        { "gateway", "GET", "/api/catalog/items?pageSize=0", null, null, "pageSize" },
        { "gateway", "GET", "/api/catalog/items?pageSize=1000", null, null, "pageSize" },
        { "gateway", "GET", "/api/catalog/items/abc", null, null, "id" },
        { "gateway", "PUT", "/api/basket/e2e-bad-input", """{"items":[{"productId":1,"quantity":0}]}""", null, "items[0].quantity" },
        { "gateway", "PUT", "/api/basket/not$a$buyer", """{"items":[{"productId":1,"quantity":1}]}""", null, "buyerId" },
        { "gateway", "PUT", "/api/basket/e2e-bad-input", """{"items":[{"productId":"one","quantity":1}]}""", null, "items[0].productId" },
        { "gateway", "PUT", "/api/basket/e2e-bad-input", """{"items":[{"productId":1,""", null, "items[0]" },
        { "gateway", "POST", "/api/orders", ValidOrder, null, "Idempotency-Key" },
        { "gateway", "POST", "/api/orders", """{"buyerId":"e2e-bad-input","items":[]}""", "bad-input-1", "items" },
        { "gateway", "POST", "/api/orders", """{"buyerId":"e2e-bad-input","items":[{"productId":1,""", "bad-input-2", "items[0]" },
        { "gateway", "GET", "/api/orders?buyerId=", null, null, "buyerId" },
        { "payments", "POST", "/api/payments", """{"orderId":"0f8fad5b-d9cb-469f-a165-70867728950e","amount":0,"idempotencyKey":"k"}""", null, "amount" },
        { "payments", "POST", "/api/payments", """{"orderId":"0f8fad5b-d9cb-469f-a165-70867728950e","amount":-5,"idempotencyKey":"k"}""", null, "amount" },
        { "catalog-0", "POST", "/api/catalog/items", """{"description":"d","price":1.00,"brand":"b","type":"t"}""", null, "name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string target, string method, string path, string? body, string? idempotencyKey, string field)
    {
        using var client = system.CreateHttpClient(target);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (target == "catalog-0") request.Headers.Add("X-Admin-Key", await system.GetAdminKeyAsync());
        // A valid buyer: the input checks come before the check that the buyer named is the token's.
        if (target == "gateway") (await system.BuyerAsync()).Sign(request);

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(errors.Contains(field), $"errors should name '{field}'; it names {string.Join(", ", errors)}: {text}");
    }
}
