using System.Diagnostics.Metrics;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Business signals next to the RED metrics: how orders end at checkout and how payment attempts go.
/// The meter is named after the application, which ServiceDefaults already exports.
/// </summary>
public sealed class OrderingMetrics
{
    private readonly Counter<long> _orders;
    private readonly Counter<long> _payments;

    public OrderingMetrics(IMeterFactory meters, IHostEnvironment environment)
    {
        var meter = meters.Create(environment.ApplicationName);
        _orders = meter.CreateCounter<long>("ordering.orders", description: "Checkout outcomes: created (by status), replayed, rejected.");
        _payments = meter.CreateCounter<long>("ordering.payment.attempts", description: "Payment attempts by source (checkout, settlement) and outcome.");
    }

    public void OrderCreated(string status) => _orders.Add(1, new KeyValuePair<string, object?>("outcome", "created"), new("status", status));

    public void OrderReplayed() => _orders.Add(1, new KeyValuePair<string, object?>("outcome", "replayed"));

    public void PaymentAttempted(string source, PaymentAttempt outcome) =>
        _payments.Add(1, new KeyValuePair<string, object?>("source", source), new("outcome", outcome switch
        {
            PaymentAttempt.Authorised => "authorised",
            PaymentAttempt.Declined => "declined",
            _ => "failed",
        }));
}
