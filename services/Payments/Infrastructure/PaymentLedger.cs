using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Reference.Payments.Model;
using Reference.ServiceDefaults;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// Every answer the provider gave, in Postgres (<c>paymentsdb</c>), keyed by order: an order is charged
/// at most once, whatever key a retry carries and however often Payments restarts in between. A replay
/// of a request gets the first answer; what no longer fits that answer (another amount for the order,
/// or a key first used for another order) is refused. Answers are kept for
/// <see cref="PaymentLedgerOptions.Retention"/> (<see cref="PaymentLedgerCleanup"/>).
/// </summary>
public sealed class PaymentLedger(NpgsqlDataSource dataSource, ChaosPipelines chaos, IOptions<PaymentsOptions> options)
{
    public const string ConnectionName = "paymentsdb";

    private readonly ResiliencePipeline _db = chaos.For(ConnectionName);

    /// <summary>
    /// Authorises or declines the request, or returns the earlier answer for its order. Returns null when
    /// the order was charged another amount, or the key was already used for another order (a merchant
    /// bug, answered 422).
    /// </summary>
    public async Task<PaymentResult?> ChargeAsync(Guid orderId, decimal amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        // Insert-or-find in two statements, not one: under READ COMMITTED a statement that lost an insert race
        // cannot see the winner's row in its own snapshot; the SELECT after it can. The find can only come up
        // empty if the row expired in between, and then the next insert succeeds.
        for (var attempt = 0; ; attempt++)
        {
            var decided = Decide(amount);
            if (await TryInsertAsync(orderId, amount, idempotencyKey, decided, cancellationToken))
            {
                return decided;
            }
            var existing = await FindAsync(orderId, idempotencyKey, cancellationToken);
            if (existing.Count > 0 || attempt > 0)
            {
                return existing.FirstOrDefault(e => e.OrderId == orderId) is { } entry && entry.Amount == amount ? entry.Result : null;
            }
        }
    }

    private async Task<bool> TryInsertAsync(Guid orderId, decimal amount, string idempotencyKey, PaymentResult result, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO payments (order_id, payment_id, idempotency_key, amount, status) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = result.PaymentId });
        command.Parameters.Add(new() { Value = idempotencyKey });
        command.Parameters.Add(new() { Value = amount });
        command.Parameters.Add(new() { Value = result.Status });
        return await RoundTrip(command.ExecuteNonQueryAsync, cancellationToken) == 1;
    }

    /// <summary>The row for this order and the row this key was first used for (one row when they are the same).</summary>
    private async Task<List<Entry>> FindAsync(Guid orderId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT order_id, amount, payment_id, status FROM payments WHERE order_id = $1 OR idempotency_key = $2");
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = idempotencyKey });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        var entries = new List<Entry>(2);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new(reader.GetGuid(0), reader.GetDecimal(1), new PaymentResult(reader.GetGuid(2), reader.GetString(3))));
        }
        return entries;
    }

    private sealed record Entry(Guid OrderId, decimal Amount, PaymentResult Result);

    private PaymentResult Decide(decimal amount) =>
        new(Guid.NewGuid(), amount > options.Value.DeclineAbove ? PaymentStatus.Declined : PaymentStatus.Authorised);

    /// <summary>Through the <c>paymentsdb</c> chaos pipeline, so /admin/chaos can fail or slow it; empty with chaos off.</summary>
    private ValueTask<T> RoundTrip<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _db.ExecuteAsync(static async (call, token) => await call(token), call, cancellationToken);
}
