using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Reference.Payments.Model;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// Remembers every answer by idempotency key, so a retried or replayed charge gets the same answer
/// and is never charged twice. In memory on purpose: this is a simulated provider, and a restart
/// forgetting its ledger is acceptable here (a real provider keeps this durably for days).
/// </summary>
public sealed class PaymentLedger(IOptions<PaymentsOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The request the key was first used with, and the answer it got.</summary>
    private sealed record Entry(Guid OrderId, decimal Amount, PaymentResult Result);

    /// <summary>
    /// Authorises or declines the request, or returns the earlier answer for its key. Returns null when
    /// the key was already used for a different order or amount (a merchant bug, answered 422).
    /// </summary>
    public PaymentResult? Charge(Guid orderId, decimal amount, string idempotencyKey)
    {
        // GetOrAdd may run the factory twice under a race, but only one entry is ever stored and
        // every caller gets that one, so concurrent replays still see a single answer.
        var entry = _entries.GetOrAdd(idempotencyKey, _ => new Entry(orderId, amount, Decide(amount)));
        return entry.OrderId == orderId && entry.Amount == amount ? entry.Result : null;
    }

    public int Count => _entries.Count;

    private PaymentResult Decide(decimal amount) =>
        new(Guid.NewGuid(), amount > options.Value.DeclineAbove ? PaymentStatus.Declined : PaymentStatus.Authorised);
}
