using Microsoft.Extensions.Options;
using Reference.Ordering.Model;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// One attempt to take payment for an order and record what came of it. Used by checkout (first
/// attempt) and by the settlement worker (every later one), so both follow the same rules.
/// </summary>
public sealed partial class PaymentSettler(
    PaymentsClient payments, OrderRepository orders, OrderingMetrics metrics,
    IOptions<SettlementOptions> options, IOptions<PaymentsResilienceOptions> paymentsOptions, ILogger<PaymentSettler> logger)
{
    /// <summary>
    /// How long a new order is invisible to the settlement worker: long enough for checkout's own
    /// attempt to finish, so the worker does not charge it in parallel (harmless, but wasted).
    /// </summary>
    public TimeSpan CheckoutGrace => paymentsOptions.Value.TotalTimeout + TimeSpan.FromSeconds(5);

    /// <returns>The order's status after the attempt.</returns>
    public async Task<string> SettleAsync(Guid orderId, decimal total, int attempt, string source, CancellationToken cancellationToken)
    {
        var outcome = await payments.ChargeAsync(orderId, total, cancellationToken);
        metrics.PaymentAttempted(source, outcome);
        switch (outcome)
        {
            case PaymentAttempt.Authorised authorised:
                await orders.CompletePaymentAsync(orderId, OrderStatus.Paid, authorised.PaymentId, cancellationToken);
                return OrderStatus.Paid;
            case PaymentAttempt.Declined declined:
                await orders.CompletePaymentAsync(orderId, OrderStatus.Declined, declined.PaymentId, cancellationToken);
                return OrderStatus.Declined;
            case PaymentAttempt.Failed failed:
                var delay = Backoff(attempt);
                LogDeferred(logger, orderId, attempt, failed.Reason, delay.TotalMilliseconds);
                await orders.ScheduleRetryAsync(orderId, delay, failed.Reason, cancellationToken);
                return OrderStatus.PendingPayment;
            case PaymentAttempt.Rejected rejected:
                return await RecordRejectionAsync(orderId, attempt, rejected.Reason, source, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown payment outcome {outcome}.");
        }
    }

    /// <summary>
    /// Settling the order failed for a reason a retry cannot fix (Payments refused it, or settling threw):
    /// count it, and dead-letter the order after <see cref="SettlementOptions.MaxRejections"/>.
    /// </summary>
    public async Task<string> RecordRejectionAsync(Guid orderId, int attempt, string reason, string source, CancellationToken cancellationToken)
    {
        var status = await orders.RecordRejectionAsync(orderId, Backoff(attempt), reason, options.Value.MaxRejections, cancellationToken);
        if (status == OrderStatus.PaymentFailed)
        {
            metrics.OrderDeadLettered(source);
            LogDeadLettered(logger, orderId, options.Value.MaxRejections, reason);
        }
        return status ?? OrderStatus.PendingPayment;
    }

    /// <summary>Base x 2^(attempt-1), capped, with ±20 % jitter so a backlog does not retry in lock step.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var exponential = o.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, o.MaxBackoff.TotalMilliseconds);
        var jittered = capped * (0.8 + Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, o.MaxBackoff.TotalMilliseconds));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} dead-lettered as PaymentFailed after {Rejections} refusals; last: {Reason}. See docs/runbooks/settlement-dead-letter.md")]
    private static partial void LogDeadLettered(ILogger logger, Guid orderId, int rejections, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment for order {OrderId} not taken on attempt {Attempt} ({Reason}); next try in {DelayMs:F0} ms")]
    private static partial void LogDeferred(ILogger logger, Guid orderId, int attempt, string reason, double delayMs);
}
