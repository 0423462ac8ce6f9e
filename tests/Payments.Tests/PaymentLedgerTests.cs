using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;

namespace Reference.Payments.Tests;

/// <summary>
/// The provider's ledger is durable and keyed by order: a restart between two authorisations of one
/// order (authorised, the order's write failed, Payments restarted, settlement tried again) must not
/// charge it twice.
/// </summary>
public sealed class PaymentLedgerTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private sealed record PaymentDto(Guid PaymentId, string Status);

    private static object Charge(Guid orderId, decimal amount, string key) => new { orderId, amount, idempotencyKey = key };

    [Fact]
    public async Task An_order_authorised_before_a_restart_gets_the_same_payment_after_it_and_is_charged_once()
    {
        var orderId = Guid.NewGuid();
        PaymentDto first;
        using (var before = fixture.Restarted())
        {
            using var response = await before.CreateClient().PostAsJsonAsync("/api/payments", Charge(orderId, 42.00m, orderId.ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            first = (await response.Content.ReadFromJsonAsync<PaymentDto>())!;
        }

        using var after = fixture.Restarted();
        using var again = await after.CreateClient().PostAsJsonAsync("/api/payments", Charge(orderId, 42.00m, orderId.ToString()));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<PaymentDto>())!;
        Assert.True(first == second, $"the restarted provider charged order {orderId} again: first {first}, then {second}");
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM payments WHERE order_id = $1", orderId));
    }

    [Fact]
    public async Task A_second_authorise_for_an_order_under_another_key_returns_the_existing_payment()
    {
        var client = fixture.Host.CreateClient();
        var orderId = Guid.NewGuid();

        using var first = await client.PostAsJsonAsync("/api/payments", Charge(orderId, 19.99m, "key-a-" + orderId));
        using var second = await client.PostAsJsonAsync("/api/payments", Charge(orderId, 19.99m, "key-b-" + orderId));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadFromJsonAsync<PaymentDto>(), await second.Content.ReadFromJsonAsync<PaymentDto>());
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM payments WHERE order_id = $1", orderId));
    }

    [Fact]
    public async Task An_order_already_charged_is_not_charged_again_for_another_amount()
    {
        var client = fixture.Host.CreateClient();
        var orderId = Guid.NewGuid();

        using var first = await client.PostAsJsonAsync("/api/payments", Charge(orderId, 10m, "k1-" + orderId));
        using var other = await client.PostAsJsonAsync("/api/payments", Charge(orderId, 11m, "k2-" + orderId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM payments WHERE order_id = $1", orderId));
    }

    [Fact]
    public async Task Answers_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var client = fixture.Host.CreateClient();
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        using (await client.PostAsJsonAsync("/api/payments", Charge(old, 5m, old.ToString()))) { }
        using (await client.PostAsJsonAsync("/api/payments", Charge(recent, 5m, recent.ToString()))) { }
        // Age one answer past the default retention (7 days), as if it were written then.
        await fixture.ScalarAsync("UPDATE payments SET created_at = now() - interval '8 days' WHERE order_id = $1", old);

        var cleanup = fixture.Host.Services.GetRequiredService<Reference.Payments.Infrastructure.PaymentLedgerCleanup>();
        var deleted = await cleanup.DeleteExpiredAsync(CancellationToken.None);

        Assert.True(deleted >= 1, $"expected the 8-day-old answer to be deleted, {deleted} row(s) were");
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM payments WHERE order_id = $1", old));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM payments WHERE order_id = $1", recent));
    }
}
