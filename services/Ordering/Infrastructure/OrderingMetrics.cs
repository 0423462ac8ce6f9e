using System.Diagnostics.Metrics;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Business signals next to the RED metrics: how checkouts end, how payment attempts go, and the
/// settlement backlog. The meter is named after the application, which ServiceDefaults exports.
/// </summary>
/// <remarks>
/// One static meter per process, as Npgsql, Polly and our Redis telemetry do, rather than one per
/// DI container from IMeterFactory: tests run several hosts in one process, and when a host's
/// factory meter is disposed, OpenTelemetry drops the same-named streams the other hosts export.
/// </remarks>
public sealed class OrderingMetrics
{
    public const string MeterName = "Ordering";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Orders =
        Meter.CreateCounter<long>("ordering.orders", description: "Checkout outcomes: created (by status) or replayed.");
    private static readonly Counter<long> Payments =
        Meter.CreateCounter<long>("ordering.payment.attempts", description: "Payment attempts by source (checkout, settlement) and outcome.");

    private static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("ordering.orders.dead_lettered",
            description: "Orders moved to PaymentFailed: payment refused for a reason no retry can fix (runbook settlement-dead-letter).");

    private static readonly Counter<long> CutShort =
        Meter.CreateCounter<long>("ordering.checkout.cut_short",
            description: "Checkouts that could not finish their work: by stage (before_commit answers 503, after_commit leaves the order PendingPayment) and reason (deadline, database).");

    private static long _pending;
    private static double _oldestPendingAgeSeconds;

    static OrderingMetrics()
    {
        // The settlement backlog as the worker last saw it (every replica reports the same database-wide
        // figure: aggregate with max, not sum). The checkout-pending-payments runbook alerts on these.
        Meter.CreateObservableGauge("ordering.orders.pending", () => Interlocked.Read(ref _pending),
            description: "Orders waiting for payment (PendingPayment).");
        Meter.CreateObservableGauge("ordering.orders.pending.oldest_age", () => Volatile.Read(ref _oldestPendingAgeSeconds),
            unit: "s", description: "Age of the oldest order waiting for payment.");
    }

    public void OrderCreated(string status) => Orders.Add(1, new KeyValuePair<string, object?>("outcome", "created"), new("status", status));

    public void OrderReplayed() => Orders.Add(1, new KeyValuePair<string, object?>("outcome", "replayed"));

    public void PaymentAttempted(string source, PaymentAttempt outcome) =>
        Payments.Add(1, new KeyValuePair<string, object?>("source", source), new("outcome", outcome switch
        {
            PaymentAttempt.Authorised => "authorised",
            PaymentAttempt.Declined => "declined",
            PaymentAttempt.Rejected => "rejected",
            _ => "failed",
        }));

    public void CheckoutCutShort(bool committed, string reason) =>
        CutShort.Add(1, new KeyValuePair<string, object?>("stage", committed ? "after_commit" : "before_commit"), new("reason", reason));

    public void OrderDeadLettered(string source) => DeadLettered.Add(1, new KeyValuePair<string, object?>("source", source));

    public void PendingBacklog(long count, double oldestAgeSeconds)
    {
        Interlocked.Exchange(ref _pending, count);
        Volatile.Write(ref _oldestPendingAgeSeconds, oldestAgeSeconds);
    }
}
