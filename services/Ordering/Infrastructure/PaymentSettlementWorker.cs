using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Settles PendingPayment orders in the background: claims a batch of due orders (SKIP LOCKED, so
/// replicas share the queue without double-claiming), charges them concurrently, records each answer.
/// A failed attempt reschedules the order with bounded exponential backoff; an order is never dropped.
/// If two replicas ever did charge the same order, Payments would answer both with the same payment,
/// because the idempotency key is the order id.
/// </summary>
internal sealed partial class PaymentSettlementWorker(
    OrderRepository orders, IServiceScopeFactory scopes, IOptions<SettlementOptions> options, ILogger<PaymentSettlementWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await SettleBatchAsync(o, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Postgres is down or slow: nothing is lost (orders stay PendingPayment), try again next round.
                LogDatabaseUnavailable(logger, ex.Message);
            }

            // A full batch means more may be due: go again at once; otherwise wait for the next poll.
            if (claimed < o.BatchSize)
            {
                try { await Task.Delay(o.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<int> SettleBatchAsync(SettlementOptions o, CancellationToken stoppingToken)
    {
        var batch = await orders.ClaimDueAsync(o.BatchSize, o.ClaimLease, stoppingToken);
        if (batch.Count == 0)
        {
            return 0;
        }
        // A scope per batch: the settler's typed HttpClient is short-lived, as IHttpClientFactory intends.
        await using var scope = scopes.CreateAsyncScope();
        var settler = scope.ServiceProvider.GetRequiredService<PaymentSettler>();
        // Charges are not cancelled by shutdown half-way: each is bounded by the pipeline's total timeout,
        // and an abandoned one would only come back after the lease.
        var results = await Task.WhenAll(batch.Select(order =>
            settler.SettleAsync(order.Id, order.Total, order.Attempts, "settlement", CancellationToken.None)));
        LogBatch(logger, batch.Count, results.Count(s => s != Model.OrderStatus.PendingPayment));
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement: claimed {Claimed} pending order(s), settled {Settled}")]
    private static partial void LogBatch(ILogger logger, int claimed, int settled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement paused this round: database unavailable ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);
}
