using Npgsql;
using Reference.Load.Scenarios;
using Reference.Load.Thresholds;

namespace Reference.Load.Reconciliation;

/// <summary>
/// "Zero lost or duplicated orders" (load gates and chaos experiments), checked in the Ordering database: every checkout the harness saw
/// acknowledged (200/201 with an order id) exists exactly once under the key it was sent with, and no
/// key or order created during the gate has a twin.
/// </summary>
public sealed record OrderReconciliation(
    int Acknowledged, int FoundUnderTheirKey, IReadOnlyList<string> Lost, IReadOnlyList<string> AcknowledgedTwice,
    long OrdersCreated, long OrdersWithoutOneKey, long CreatedButNotAcknowledged)
{
    public static async Task<OrderReconciliation> RunAsync(string connectionString, IReadOnlyList<AcknowledgedOrder> acknowledged,
        DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // A key acknowledged with two different order ids would be a duplicate the database cannot show.
        var twice = acknowledged.GroupBy(o => o.IdempotencyKey)
            .Where(g => g.Select(o => o.OrderId).Distinct().Count() > 1)
            .Select(g => $"key {g.Key}: orders {string.Join(", ", g.Select(o => o.OrderId).Distinct())}")
            .ToList();
        var expected = acknowledged.GroupBy(o => o.IdempotencyKey).ToDictionary(g => g.Key, g => g.First().OrderId);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var found = new Dictionary<string, (string OrderId, bool OrderExists)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT k.key, k.order_id::text, o.id IS NOT NULL
            FROM idempotency_keys k LEFT JOIN orders o ON o.id = k.order_id
            WHERE k.key = ANY(@keys)
            """, connection))
        {
            command.Parameters.AddWithValue("keys", expected.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found[reader.GetString(0)] = (reader.GetString(1), reader.GetBoolean(2));
        }
        var lost = new List<string>();
        foreach (var (key, orderId) in expected)
        {
            if (!found.TryGetValue(key, out var row)) lost.Add($"key {key} (order {orderId}): no such key");
            else if (!string.Equals(row.OrderId, orderId, StringComparison.OrdinalIgnoreCase)) lost.Add($"key {key}: acknowledged order {orderId}, database has {row.OrderId}");
            else if (!row.OrderExists) lost.Add($"key {key}: order {orderId} missing");
        }

        // Every order created during the gate has exactly one key (a second order for one request would have none).
        long created, withoutOneKey, notAcknowledged;
        await using (var command = new NpgsqlCommand(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE (SELECT count(*) FROM idempotency_keys k WHERE k.order_id = o.id) <> 1),
                   count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.order_id = o.id AND k.key = ANY(@keys)))
            FROM orders o WHERE o.created_at >= @since
            """, connection))
        {
            command.Parameters.AddWithValue("keys", expected.Keys.ToArray());
            command.Parameters.AddWithValue("since", since.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (created, withoutOneKey, notAcknowledged) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        return new OrderReconciliation(acknowledged.Count, expected.Count - lost.Count, lost, twice, created, withoutOneKey, notAcknowledged);
    }

    public IEnumerable<CheckResult> Checks(string phase)
    {
        yield return new CheckResult(phase, "no acknowledged order lost", "every acknowledged order in orderingdb under its key",
            Lost.Count == 0 ? $"{FoundUnderTheirKey} of {Acknowledged} acknowledged found" : $"{Lost.Count} of {Acknowledged} missing: {string.Join("; ", Lost.Take(5))}",
            Lost.Count == 0);
        var duplicates = AcknowledgedTwice.Count + OrdersWithoutOneKey;
        yield return new CheckResult(phase, "no order duplicated", "one order per key, one key per order",
            duplicates == 0
                ? $"{OrdersCreated} orders created, each with one key ({CreatedButNotAcknowledged} created but not acknowledged to the client)"
                : $"{AcknowledgedTwice.Count} keys acknowledged with two orders, {OrdersWithoutOneKey} orders without exactly one key: {string.Join("; ", AcknowledgedTwice.Take(5))}",
            duplicates == 0);
    }
}
