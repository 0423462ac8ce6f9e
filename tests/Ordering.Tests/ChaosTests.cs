using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Ordering.Tests.Fixtures;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

/// <summary>
/// In-process chaos on Ordering's outbound calls (/admin/chaos): what it injects meets the real
/// "payments" pipeline (retry, breaker) and the real Postgres, and checkout degrades as it would for real.
/// </summary>
[Collection(OutagesCollection.Name)]
public sealed class ChaosTests(OutagesFixture system)
{
    private const string AdminKey = "ordering-chaos-key";

    private OrderingHost ChaosOrdering() => system.CreateOrdering(overrides: new Dictionary<string, string?>
    {
        ["Chaos:Enabled"] = "true",
        ["Admin:ApiKey"] = AdminKey,
        // Only checkout calls Payments here, so every injection counted is one of its attempts.
        ["Ordering:Settlement:Enabled"] = "false",
        // Long enough that the breaker, once open, stays open for the rest of the test.
        ["Ordering:Payments:BreakerBreakDuration"] = "00:01:00",
    });

    [Fact]
    public async Task A_fault_rate_of_1_on_payments_is_retried_then_opens_the_breaker_and_orders_wait_as_pending()
    {
        await using var ordering = ChaosOrdering();
        using var client = ordering.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        (await client.PutAsJsonAsync("/admin/chaos/payments", new { faultRate = 1.0 })).EnsureSuccessStatusCode();

        using var first = await client.PlaceAsync(NewKey(), OneItem("chaos-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("PendingPayment", (await first.ReadOrderAsync()).Status);
        // The real retry saw the fault: one attempt and its two retries (Ordering:Payments:MaxRetryAttempts).
        Assert.Equal(3, await InjectionsAsync(client, "payments"));

        for (var i = 0; i < 5; i++)
        {
            using var more = await client.PlaceAsync(NewKey(), OneItem($"chaos-more-{i}"));
            Assert.Equal("PendingPayment", (await more.ReadOrderAsync()).Status);
        }
        var afterBreakerOpened = await InjectionsAsync(client, "payments");
        using var last = await client.PlaceAsync(NewKey(), OneItem("chaos-last"));

        // The real breaker saw them too: it opened, and calls stopped reaching the chaos strategy.
        Assert.Equal("PendingPayment", (await last.ReadOrderAsync()).Status);
        Assert.True(afterBreakerOpened < 6 * 3, $"Expected the breaker to stop attempts before all 18, saw {afterBreakerOpened}");
        Assert.Equal(afterBreakerOpened, await InjectionsAsync(client, "payments"));
    }

    [Fact]
    public async Task A_fault_on_the_orders_database_answers_503_with_retry_after()
    {
        await using var ordering = ChaosOrdering();
        using var client = ordering.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        (await client.PutAsJsonAsync("/admin/chaos/orderingdb", new { failFirst = 1 })).EnsureSuccessStatusCode();

        using var failed = await client.GetAsync($"/api/orders/{Guid.NewGuid()}");
        using var next = await client.GetAsync($"/api/orders/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.NotNull(failed.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, next.StatusCode);
    }

    private static async Task<int> InjectionsAsync(HttpClient client, string target)
    {
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/admin/chaos");
        return listed!.Single(s => s.GetProperty("target").GetString() == target).GetProperty("injections").GetInt32();
    }
}
