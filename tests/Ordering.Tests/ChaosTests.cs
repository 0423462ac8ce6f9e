using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reference.Ordering.Tests.Fixtures;
using Reference.Testing;
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

        using var failed = await client.GetAsync($"/api/orders/{Guid.NewGuid()}", "chaos-reader");
        using var next = await client.GetAsync($"/api/orders/{Guid.NewGuid()}", "chaos-reader");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.NotNull(failed.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, next.StatusCode);
    }

    [Fact]
    public async Task A_checkout_whose_database_answers_slower_than_its_deadline_is_a_503_not_a_late_order()
    {
        // Each round trip alone is within the command timeout; four of them one after another are not within the deadline.
        await using var ordering = system.CreateOrdering(overrides: new Dictionary<string, string?>
        {
            ["Chaos:Enabled"] = "true",
            ["Admin:ApiKey"] = AdminKey,
            ["Ordering:Settlement:Enabled"] = "false",
            ["Ordering:Checkout:Deadline"] = "00:00:01",
        });
        using var client = ordering.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        (await client.PutAsJsonAsync("/admin/chaos/orderingdb", new { latencyMs = 700 })).EnsureSuccessStatusCode();
        var key = NewKey();
        var buyer = $"deadline-{Guid.NewGuid():N}";

        using var late = await client.PlaceAsync(key, OneItem(buyer));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
        Assert.NotNull(late.Headers.RetryAfter);
        Assert.Equal("Checkout did not finish in time.", (await Problem.ReadAsync(late)).GetProperty("title").GetString());

        // The same key after the database is fast again makes the order, once.
        (await client.DeleteAsync("/admin/chaos/orderingdb")).EnsureSuccessStatusCode();
        using var retried = await client.PlaceAsync(key, OneItem(buyer));
        Assert.True(retried.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry answered {(int)retried.StatusCode}");
        Assert.Equal(1, await system.ScalarAsync("SELECT count(*) FROM orders WHERE buyer_id = $1", buyer));
    }

    private static async Task<int> InjectionsAsync(HttpClient client, string target)
    {
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/admin/chaos");
        return listed!.Single(s => s.GetProperty("target").GetString() == target).GetProperty("injections").GetInt32();
    }
}
