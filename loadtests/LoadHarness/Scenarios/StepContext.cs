using System.Collections.Concurrent;

namespace Reference.Load.Scenarios;

/// <summary>
/// What a step can use while building a request or reading a response. One instance is shared by
/// every request of a run, so everything here is thread safe.
/// </summary>
public sealed class StepContext
{
    private readonly ConcurrentQueue<AcknowledgedOrder> _orders = new();
    private readonly ConcurrentQueue<string> _sentKeys = new();

    /// <summary>Thread-safe randomness for choosing products, pages and buyers.</summary>
    public Random Random { get; } = Random.Shared;

    /// <summary>Records an order the system acknowledged, so a gate can reconcile it against the database.</summary>
    public void AcknowledgeOrder(string idempotencyKey, string orderId, int statusCode) =>
        _orders.Enqueue(new AcknowledgedOrder(idempotencyKey, orderId, statusCode, DateTimeOffset.UtcNow));

    /// <summary>Records an idempotency key as sent, answered or not: an order in the database whose key
    /// is not among these did not come from this run (or was invented by the system).</summary>
    public void RecordSentIdempotencyKey(string idempotencyKey) => _sentKeys.Enqueue(idempotencyKey);

    internal IReadOnlyList<AcknowledgedOrder> AcknowledgedOrders => _orders.ToArray();
    internal IReadOnlyList<string> SentIdempotencyKeys => _sentKeys.ToArray();
}

/// <summary>A checkout the system answered with success: the key we sent and the order id it returned.</summary>
public sealed record AcknowledgedOrder(string IdempotencyKey, string OrderId, int StatusCode, DateTimeOffset AcknowledgedAt);
