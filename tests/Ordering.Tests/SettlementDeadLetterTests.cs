using System.Net;
using Npgsql;
using Reference.Ordering.Tests.Fixtures;
using Reference.Testing;
using static Reference.Ordering.Tests.Fixtures.OrdersClient;

namespace Reference.Ordering.Tests;

/// <summary>
/// The settlement worker retries what a retry can fix and gives up on what it cannot: an order Payments
/// keeps refusing (a 4xx, here a real 422) is moved out of the queue to PaymentFailed, counted, and the
/// worker goes on settling everything else.
/// </summary>
[Collection(OutagesCollection.Name)]
public sealed class SettlementDeadLetterTests(OutagesFixture system) : IAsyncLifetime
{
    private readonly HttpClient _client = system.Client;

    public Task InitializeAsync() => system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

    public Task DisposeAsync() => system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

    [Fact]
    public async Task An_order_payments_keeps_refusing_is_dead_lettered_and_the_worker_goes_on_settling_others()
    {
        // Both orders are accepted unpaid while Payments fails everything.
        await system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 1.0);
        var refused = await PlacePendingAsync("nina");
        var fine = await PlacePendingAsync("omar");

        // Payments' ledger already holds a charge of another amount for the first order (a merchant bug it
        // must refuse): once Payments answers again, every charge Ordering sends for that order is a 422,
        // which no retry can change. Written into the ledger while Payments still fails, so the worker
        // cannot get there first.
        await using (var ledger = new NpgsqlConnection(system.Postgres.ConnectionString("paymentsdb")))
        {
            await ledger.OpenAsync();
            await using var charge = new NpgsqlCommand(
                "INSERT INTO payments (order_id, payment_id, idempotency_key, amount, status) VALUES ($1, $2, $3, $4, 'Authorised')", ledger);
            charge.Parameters.Add(new() { Value = refused.Id });
            charge.Parameters.Add(new() { Value = Guid.NewGuid() });
            charge.Parameters.Add(new() { Value = $"elsewhere-{refused.Id}" });
            charge.Parameters.Add(new() { Value = refused.Total + 1m });
            Assert.Equal(1, await charge.ExecuteNonQueryAsync());
        }
        await system.Payments.SetBehaviourAsync(latencyMs: 0, failureRate: 0);

        await Eventually.UntilAsync(async () => (await _client.GetOrderAsync(refused)).Status == "PaymentFailed",
            $"order {refused.Id}, refused by Payments every time, to be dead-lettered as PaymentFailed");
        await Eventually.UntilAsync(async () => (await _client.GetOrderAsync(fine)).Status == "Paid",
            $"order {fine.Id} to be settled by the same worker");

        Assert.Equal(3, await system.ScalarAsync("SELECT payment_rejections FROM orders WHERE id = $1", refused.Id));
        Assert.Equal(1, await system.ScalarAsync("SELECT count(*) FROM orders WHERE id = $1 AND next_payment_at IS NULL AND last_payment_error LIKE '%422%'", refused.Id));
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^ordering_orders_dead_lettered_total(\{[^}]*\})? [1-9]", metrics);
    }

    private async Task<OrderDto> PlacePendingAsync(string buyer)
    {
        using var response = await _client.PlaceAsync(NewKey(), OneItem(buyer));
        await Problem.AssertStatusAsync(HttpStatusCode.Created, response);
        var order = await response.ReadOrderAsync();
        Assert.Equal("PendingPayment", order.Status);
        return order;
    }
}
