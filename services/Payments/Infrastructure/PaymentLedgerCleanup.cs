using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.Payments.Infrastructure;

/// <summary>
/// The bound on the ledger: every <see cref="PaymentLedgerOptions.CleanupInterval"/> it deletes answers
/// older than <see cref="PaymentLedgerOptions.Retention"/>, in batches. Every row is a final answer
/// (a failed call records nothing), so age is the only thing to decide on. Idempotent, so replicas
/// may all run it.
/// </summary>
public sealed partial class PaymentLedgerCleanup(
    NpgsqlDataSource dataSource, IOptions<PaymentLedgerOptions> options, TimeProvider time, ILogger<PaymentLedgerCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                if (deleted > 0) LogDeleted(logger, deleted, options.Value.Retention.TotalDays);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The database is down or slow: the next round tries again; nothing is lost by waiting.
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every answer older than the retention; returns how many.</summary>
    public async Task<long> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM payments WHERE order_id IN (SELECT order_id FROM payments WHERE created_at < $1 LIMIT $2)");
            command.Parameters.Add(new() { Value = cutoff });
            command.Parameters.Add(new() { Value = options.Value.CleanupBatchSize });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < options.Value.CleanupBatchSize) return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment ledger: deleted {Deleted} answer(s) older than {RetentionDays} day(s)")]
    private static partial void LogDeleted(ILogger logger, long deleted, double retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment ledger cleanup failed, will try again next interval: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
