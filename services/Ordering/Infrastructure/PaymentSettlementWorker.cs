using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Settles PendingPayment orders in the background: claims a batch of due orders (SKIP LOCKED, so
/// replicas share the queue without double-claiming), charges them concurrently, records each answer.
/// A failed attempt reschedules the order with bounded exponential backoff; an order refused again and
/// again (Payments answers 4xx, or settling it throws) is dead-lettered as PaymentFailed, never dropped.
/// One order's exception never stops the batch or the worker: it is logged and counted against that order.
/// If two replicas ever did charge the same order, Payments would answer both with the same payment,
/// because its ledger is keyed by order id.
/// </summary>
internal sealed partial class PaymentSettlementWorker(
    OrderRepository orders, IServiceScopeFactory scopes, OrderingMetrics metrics, IOptions<SettlementOptions> options,
    ILogger<PaymentSettlementWorker> logger)
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
                var (pending, oldestAge) = await orders.PendingBacklogAsync(stoppingToken);
                metrics.PendingBacklog(pending, oldestAge);
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
            catch (Exception ex)
            {
                // Anything else is a bug, but an exception escaping a BackgroundService stops the host, and with it
                // every checkout: log it, pause a round, go on. Claimed orders come back when their lease ends.
                LogRoundFailed(logger, ex);
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
        var results = await Task.WhenAll(batch.Select(order => SettleOneAsync(settler, order)));
        LogBatch(logger, batch.Count, results.Count(s => s != Model.OrderStatus.PendingPayment));
        return batch.Count;
    }

    /// <summary>One order, isolated: whatever it throws stays with it.</summary>
    private async Task<string> SettleOneAsync(PaymentSettler settler, ClaimedOrder order)
    {
        try
        {
            return await settler.SettleAsync(order.Id, order.Total, order.Attempts, "settlement", CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Transient: the order's lease runs out and it is claimed again.
            LogOrderDeferred(logger, order.Id, ex.Message);
            return Model.OrderStatus.PendingPayment;
        }
        catch (Exception ex)
        {
            // Not transient (a bug, or data this code cannot handle): counted like a refusal, so a poison order
            // ends as a dead letter instead of failing every round.
            LogOrderFailed(logger, order.Id, ex);
            try
            {
                return await settler.RecordRejectionAsync(order.Id, order.Attempts, $"{ex.GetType().Name}: {ex.Message}", "settlement", CancellationToken.None);
            }
            catch (Exception inner) when (inner is NpgsqlException or TimeoutException)
            {
                LogOrderDeferred(logger, order.Id, inner.Message);
                return Model.OrderStatus.PendingPayment;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Settlement round failed; the worker goes on after a pause")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settling order {OrderId} threw; counted as a refusal")]
    private static partial void LogOrderFailed(ILogger logger, Guid orderId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling order {OrderId} deferred: database unavailable ({Reason}); retried when its lease ends")]
    private static partial void LogOrderDeferred(ILogger logger, Guid orderId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement: claimed {Claimed} pending order(s), settled {Settled}")]
    private static partial void LogBatch(ILogger logger, int claimed, int settled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement paused this round: database unavailable ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);
}
