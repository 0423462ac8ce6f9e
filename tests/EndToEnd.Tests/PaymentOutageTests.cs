using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Reference.Testing;

namespace Reference.EndToEnd.Tests;

/// <summary>
/// A payments outage does not lose or fail checkouts: the order is accepted as PendingPayment, and once
/// the provider is back the settlement worker takes payment on its own.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PaymentOutageTests(SystemFixture system)
{
    [Fact]
    public async Task During_a_payments_outage_checkout_accepts_the_order_and_settlement_pays_it_once_payments_recovers()
    {
        using var gateway = system.CreateHttpClient("gateway");
        // The behaviour switch is an admin endpoint of payments itself: not routed by the gateway.
        using var payments = system.CreateHttpClient("payments");
        payments.DefaultRequestHeaders.Add("X-Admin-Key", await system.GetAdminKeyAsync());
        var shopper = await Shopper.NewAsync(gateway);
        var basket = await shopper.FillBasketAsync();

        var normal = await payments.GetFromJsonAsync<ProviderBehaviour>("/api/payments/behaviour");
        Assert.NotNull(normal);
        try
        {
            await SetFailureRateAsync(payments, 1.0);

            using var response = await shopper.CheckoutAsync(basket, Guid.NewGuid().ToString());
            await Shopper.AssertStatusAsync(HttpStatusCode.Created, response);
            var order = (await response.Content.ReadFromJsonAsync<Order>())!;
            Assert.Equal(OrderStatus.PendingPayment, order.Status);
            Assert.Equal(OrderStatus.PendingPayment, (await shopper.GetOrderAsync(order.Id)).Status);

            await SetFailureRateAsync(payments, 0.0);

            var settled = await Eventually.ReturnsAsync(() => shopper.GetOrderAsync(order.Id), o => o.Status != OrderStatus.PendingPayment,
                $"the settlement worker to settle order {order.Id}", TimeSpan.FromSeconds(30));
            Assert.Equal(OrderStatus.Paid, settled.Status);
            Assert.Equal(order.Total, settled.Total);

            // Paid by the worker, not by a lucky checkout: orderingdb shows a later attempt and the payment.
            await using var db = NpgsqlDataSource.Create(await system.GetConnectionStringAsync("orderingdb"));
            await using var row = db.CreateCommand("SELECT payment_attempts, payment_id FROM orders WHERE id = $1");
            row.Parameters.AddWithValue(order.Id);
            await using var reader = await row.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetInt32(0) >= 2, $"Expected the settlement worker's attempt after checkout's; payment_attempts = {reader.GetInt32(0)}.");
            Assert.False(reader.IsDBNull(1), "A Paid order records its payment id.");

            // Charged once, and with the payment the order records: the provider's ledger has one row for it.
            await using var ledger = NpgsqlDataSource.Create(await system.GetConnectionStringAsync("paymentsdb"));
            await using var charges = ledger.CreateCommand("SELECT count(*), min(payment_id::text) FROM payments WHERE order_id = $1");
            charges.Parameters.AddWithValue(order.Id);
            await using var charged = await charges.ExecuteReaderAsync();
            Assert.True(await charged.ReadAsync());
            Assert.Equal(1L, charged.GetInt64(0));
            Assert.Equal(reader.GetGuid(1).ToString(), charged.GetString(1));
            // A payments outage is not a reason to answer "try again": checkout accepted the order at once.
            shopper.AssertFewRetries();
        }
        finally
        {
            using var restore = await payments.PutAsJsonAsync("/api/payments/behaviour", new { latencyMs = normal.LatencyMs, failureRate = normal.FailureRate });
            restore.EnsureSuccessStatusCode();
        }
    }

    private static async Task SetFailureRateAsync(HttpClient payments, double failureRate)
    {
        using var response = await payments.PutAsJsonAsync("/api/payments/behaviour", new { failureRate });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var now = await response.Content.ReadFromJsonAsync<ProviderBehaviour>();
        Assert.Equal(failureRate, now!.FailureRate);
    }
}
