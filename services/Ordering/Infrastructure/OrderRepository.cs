using Npgsql;
using Polly;
using Reference.ServiceDefaults;
using NpgsqlTypes;
using Reference.Ordering.Model;

namespace Reference.Ordering.Infrastructure;

/// <summary>What happened to an attempt to create an order under an idempotency key.</summary>
public abstract record CreateOutcome
{
    /// <summary>This request made the order.</summary>
    public sealed record Created(Order Order) : CreateOutcome;
    /// <summary>The key was used before with the same request: here is that order.</summary>
    public sealed record Replayed(Order Order) : CreateOutcome;
    /// <summary>The key was used before with a different request (422).</summary>
    public sealed record KeyReused : CreateOutcome;
}

/// <summary>A PendingPayment order the settlement worker has claimed.</summary>
public sealed record ClaimedOrder(Guid Id, decimal Total, int Attempts);

/// <summary>
/// Orders in Postgres, raw Npgsql. Every command carries the data source's command timeout
/// (ServiceDefaults), so a slow or silent database fails at a known bound.
/// </summary>
public sealed class OrderRepository(NpgsqlDataSource dataSource, ChaosPipelines chaos)
{
    public const string ConnectionName = "orderingdb";

    private readonly ResiliencePipeline _db = chaos.For(ConnectionName);

    /// <summary>
    /// Every round trip runs through the <c>orderingdb</c> chaos pipeline (ServiceDefaults' ChaosPipelines), so
    /// /admin/chaos can fail or slow it; with chaos off the pipeline is empty.
    /// </summary>
    private ValueTask<T> RoundTrip<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _db.ExecuteAsync(static async (call, token) => await call(token), call, cancellationToken);

    private const string UniqueViolation = "23505";
    private const string IdempotencyKeyConstraint = "idempotency_keys_pkey";
    private const int MaxOrdersPerBuyer = 100;

    private const string SelectOrders =
        """
        SELECT o.id, o.buyer_id, o.status, o.total, o.created_at,
               i.product_id, i.product_name, i.quantity, i.unit_price
        FROM ({0}) o
        JOIN order_items i ON i.order_id = o.id
        ORDER BY o.created_at DESC, o.id, i.line
        """;

    /// <summary>The order an idempotency key made and the hash of the request that made it, or null when the key is new.</summary>
    public async Task<(string RequestHash, Order Order)?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        string requestHash;
        Guid orderId;
        await using (var command = dataSource.CreateCommand("SELECT request_hash, order_id FROM idempotency_keys WHERE key = $1"))
        {
            command.Parameters.Add(new() { Value = key });
            await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (requestHash, orderId) = (reader.GetString(0), reader.GetGuid(1));
        }
        // The key row and the order were committed together, so the order exists.
        var order = await GetAsync(orderId, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key '{key}' points at missing order {orderId}.");
        return (requestHash, order);
    }

    /// <summary>
    /// Writes the order, its lines and the idempotency key in one transaction. The key's primary key is
    /// the arbiter under concurrency: a racing request with the same key blocks on our insert, gets a
    /// unique violation when we commit, and is answered with our order.
    /// </summary>
    public async Task<CreateOutcome> CreateAsync(Order order, string key, string requestHash, DateTimeOffset firstSettlementAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await RoundTrip(t => dataSource.OpenConnectionAsync(t).AsTask(), cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    // payment_attempts starts at 1: checkout makes the first attempt right after commit.
                    Command("INSERT INTO orders (id, buyer_id, status, total, created_at, payment_attempts, next_payment_at) VALUES ($1, $2, $3, $4, $5, 1, $6)",
                        order.Id, order.BuyerId, order.Status, order.Total, order.CreatedAt, firstSettlementAt),
                    Command("INSERT INTO idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3)", key, requestHash, order.Id),
                    Command(
                        """
                        INSERT INTO order_items (order_id, line, product_id, product_name, quantity, unit_price)
                        SELECT $1, l.* FROM unnest($2::int[], $3::int[], $4::text[], $5::int[], $6::numeric[]) AS l
                        """,
                        order.Id,
                        Enumerable.Range(0, order.Items.Count).ToArray(),
                        order.Items.Select(i => i.ProductId).ToArray(),
                        order.Items.Select(i => i.ProductName).ToArray(),
                        order.Items.Select(i => i.Quantity).ToArray(),
                        order.Items.Select(i => i.UnitPrice).ToArray()),
                },
            };
            await RoundTrip(batch.ExecuteNonQueryAsync, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CreateOutcome.Created(order);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == IdempotencyKeyConstraint)
        {
            // Someone else committed this key first (a concurrent retry). Their order is the order.
            var existing = await FindByKeyAsync(key, cancellationToken)
                ?? throw new InvalidOperationException($"Idempotency key '{key}' violated uniqueness but has no row.");
            return existing.RequestHash == requestHash ? new CreateOutcome.Replayed(existing.Order) : new CreateOutcome.KeyReused();
        }
    }

    public async Task<Order?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectOrders, "SELECT * FROM orders WHERE id = $1"));
        command.Parameters.Add(new() { Value = id });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        var orders = await ReadOrdersAsync(reader, cancellationToken);
        return orders.Count == 0 ? null : orders[0];
    }

    /// <summary>The buyer's newest orders, at most <see cref="MaxOrdersPerBuyer"/>.</summary>
    public async Task<IReadOnlyList<Order>> ListByBuyerAsync(string buyerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectOrders,
            $"SELECT * FROM orders WHERE buyer_id = $1 ORDER BY created_at DESC LIMIT {MaxOrdersPerBuyer}"));
        command.Parameters.Add(new() { Value = buyerId });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        return await ReadOrdersAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due PendingPayment orders for this replica. SKIP LOCKED
    /// lets replicas claim side by side without waiting on or double-claiming each other's rows; the
    /// claim pushes <c>next_payment_at</c> out by <paramref name="lease"/>, so the row lock is held only
    /// for this one statement, never across the HTTP call to Payments.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedOrder>> ClaimDueAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE orders o
            SET next_payment_at = now() + $2, payment_attempts = o.payment_attempts + 1, updated_at = now()
            FROM (
                SELECT id FROM orders
                WHERE status = 'PendingPayment' AND next_payment_at <= now()
                ORDER BY next_payment_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE o.id = due.id
            RETURNING o.id, o.total, o.payment_attempts
            """);
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        var claimed = new List<ClaimedOrder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new(reader.GetGuid(0), reader.GetDecimal(1), reader.GetInt32(2)));
        }
        return claimed;
    }

    /// <summary>Records the provider's answer. Only a pending order moves: a late duplicate answer changes nothing.</summary>
    public async Task<bool> CompletePaymentAsync(Guid orderId, string status, Guid paymentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE orders SET status = $2, payment_id = $3, next_payment_at = NULL, last_payment_error = NULL, updated_at = now()
            WHERE id = $1 AND status = 'PendingPayment'
            """);
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = paymentId });
        return await RoundTrip(command.ExecuteNonQueryAsync, cancellationToken) == 1;
    }

    /// <summary>Payment could not be taken: try again after <paramref name="delay"/>.</summary>
    public async Task ScheduleRetryAsync(Guid orderId, TimeSpan delay, string error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE orders SET next_payment_at = now() + $2, last_payment_error = $3, updated_at = now()
            WHERE id = $1 AND status = 'PendingPayment'
            """);
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = delay, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = error });
        await RoundTrip(command.ExecuteNonQueryAsync, cancellationToken);
    }

    /// <summary>
    /// Payment was refused for a reason a retry cannot fix. Counts the refusal; at <paramref name="maxRejections"/>
    /// the order leaves the queue as PaymentFailed, otherwise it is tried again after <paramref name="delay"/>.
    /// Returns the order's status afterwards (null when it was no longer pending).
    /// </summary>
    public async Task<string?> RecordRejectionAsync(Guid orderId, TimeSpan delay, string error, int maxRejections, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE orders SET
                payment_rejections = payment_rejections + 1,
                status = CASE WHEN payment_rejections + 1 >= $4 THEN 'PaymentFailed' ELSE status END,
                next_payment_at = CASE WHEN payment_rejections + 1 >= $4 THEN NULL ELSE now() + $2 END,
                last_payment_error = $3, updated_at = now()
            WHERE id = $1 AND status = 'PendingPayment'
            RETURNING status
            """);
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = delay, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = error });
        command.Parameters.Add(new() { Value = maxRejections });
        return await RoundTrip(command.ExecuteScalarAsync, cancellationToken) as string;
    }

    /// <summary>How many orders wait for payment, and how long the oldest has waited (seconds; 0 when none).</summary>
    public async Task<(long Count, double OldestAgeSeconds)> PendingBacklogAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at))::float8, 0) FROM orders WHERE status = 'PendingPayment'");
        await using var reader = await RoundTrip(command.ExecuteReaderAsync, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetDouble(1));
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    /// <summary>Rows come one per line, grouped by order in query order.</summary>
    private static async Task<List<Order>> ReadOrdersAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var orders = new List<Order>();
        Order? current = null;
        List<OrderItem>? items = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (current?.Id != id)
            {
                items = [];
                current = new Order(id, reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), items,
                    reader.GetFieldValue<DateTimeOffset>(4));
                orders.Add(current);
            }
            items!.Add(new OrderItem(reader.GetInt32(5), reader.GetString(6), reader.GetInt32(7), reader.GetDecimal(8)));
        }
        return orders;
    }
}
