using Npgsql;
using Reference.Load.Thresholds;

namespace Reference.Load.Reconciliation;

/// <summary>
/// "None charged twice", checked in the Payments ledger against the Ordering database: every charge
/// the provider recorded since <c>since</c> is the one payment its order knows (an order holding
/// another payment id was authorised twice, once by a ledger that forgot it), no order has two
/// charges, and no charge is for an order Ordering does not have (money taken for nothing).
/// </summary>
public sealed record ChargeReconciliation(
    long Charges, IReadOnlyList<string> ChargedTwice, IReadOnlyList<string> ChargedWithoutAnOrder, long OrdersNotYetRecorded)
{
    public static async Task<ChargeReconciliation> RunAsync(string paymentsDb, string orderingDb, DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        // order id → every payment id the ledger holds for it (one, unless the ledger's key is broken).
        var charges = new Dictionary<Guid, List<Guid>>();
        await using (var payments = new NpgsqlConnection(paymentsDb))
        {
            await payments.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT order_id, payment_id FROM payments WHERE created_at >= @since", payments);
            command.Parameters.AddWithValue("since", since.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var orderId = reader.GetGuid(0);
                if (!charges.TryGetValue(orderId, out var ids)) charges[orderId] = ids = [];
                ids.Add(reader.GetGuid(1));
            }
        }

        // order id → the payment id Ordering recorded (null while the order is still PendingPayment).
        var orders = new Dictionary<Guid, Guid?>();
        await using (var ordering = new NpgsqlConnection(orderingDb))
        {
            await ordering.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT id, payment_id FROM orders WHERE id = ANY(@ids)", ordering);
            command.Parameters.AddWithValue("ids", charges.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                orders[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
            }
        }

        var twice = new List<string>();
        var withoutOrder = new List<string>();
        long notYetRecorded = 0;
        foreach (var (orderId, paymentIds) in charges)
        {
            if (paymentIds.Count > 1)
            {
                twice.Add($"order {orderId}: {paymentIds.Count} charges in the ledger");
            }
            else if (!orders.TryGetValue(orderId, out var recorded))
            {
                withoutOrder.Add($"payment {paymentIds[0]} for order {orderId}, which orderingdb does not have");
            }
            else if (recorded is null)
            {
                // Charged, but Ordering has not written it down yet (or its write failed): settlement will
                // ask again and, the ledger being keyed by order, get this same payment back.
                notYetRecorded++;
            }
            else if (recorded != paymentIds[0])
            {
                twice.Add($"order {orderId}: orderingdb holds payment {recorded}, the ledger {paymentIds[0]}");
            }
        }
        return new ChargeReconciliation(charges.Sum(c => (long)c.Value.Count), twice, withoutOrder, notYetRecorded);
    }

    public IEnumerable<CheckResult> Checks(string phase)
    {
        yield return new CheckResult(phase, "no order charged twice", "one charge per order, the payment the order records",
            ChargedTwice.Count == 0
                ? $"{Charges} charges, each the one its order records ({OrdersNotYetRecorded} not yet recorded by ordering)"
                : $"{ChargedTwice.Count} orders charged twice: {string.Join("; ", ChargedTwice.Take(5))}",
            ChargedTwice.Count == 0);
        yield return new CheckResult(phase, "no charge without an order", "every charge is for an order in orderingdb",
            ChargedWithoutAnOrder.Count == 0
                ? $"{Charges} charges, all for known orders"
                : $"{ChargedWithoutAnOrder.Count} charges for unknown orders: {string.Join("; ", ChargedWithoutAnOrder.Take(5))}",
            ChargedWithoutAnOrder.Count == 0);
    }
}
