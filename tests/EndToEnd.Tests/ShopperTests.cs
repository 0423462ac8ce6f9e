using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.Testing.Hosting;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// The shopper the journeys use retries a 503 only as the contract allows, and never silently: against a
/// stub gateway that says "try again", each retry is recorded and a journey with too many fails.
/// </summary>
public sealed class ShopperTests
{
    [Fact]
    public async Task A_503_with_Retry_After_is_retried_after_the_wait_and_recorded()
    {
        var answers = new Queue<int>([503, 200]);
        await using var stub = await StubServer.StartAsync(app => app.MapPut("/api/basket/{buyerId}", (HttpContext context) =>
        {
            var status = answers.Dequeue();
            if (status == 503) context.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(status);
        }));
        using var gateway = new HttpClient { BaseAddress = stub.Url };
        var shopper = new Shopper(gateway, "buyer-1", "buyer-1.test-token");

        using var response = await shopper.SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Put, "/api/basket/buyer-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retried = Assert.Single(shopper.Retried);
        Assert.StartsWith("PUT /api/basket/buyer-1: 503, Retry-After 1 s", retried);
        shopper.AssertFewRetries();
    }

    [Fact]
    public async Task A_dependency_that_keeps_saying_try_again_is_retried_a_bounded_number_of_times_and_fails_the_journey()
    {
        var calls = 0;
        await using var stub = await StubServer.StartAsync(app => app.MapPost("/api/orders", (HttpContext context) =>
        {
            Interlocked.Increment(ref calls);
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(503);
        }));
        using var gateway = new HttpClient { BaseAddress = stub.Url };
        var shopper = new Shopper(gateway, "buyer-1", "buyer-1.test-token");

        using (var first = await shopper.SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/orders")))
        {
            // The last answer is handed back, so the test's status assertion names the 503.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }
        Assert.Equal(1 + Shopper.RetriesPerCall, calls);
        shopper.AssertFewRetries();

        using (await shopper.SendRetryingUnavailableAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/orders"))) { }

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(shopper.AssertFewRetries);
        Assert.Contains($"{2 * Shopper.RetriesPerCall} retried 503s", failure.Message);
        Assert.Contains("POST /api/orders: 503", failure.Message);
    }
}
