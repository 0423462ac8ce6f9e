using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.Ordering.Infrastructure;

/// <summary>
/// Migrates before the server accepts requests (hosted services start before Kestrel). Postgres may
/// still be starting when a replica does, so transient failures are retried with backoff until
/// <see cref="OrderingDatabaseOptions.StartupTimeout"/>; after that start-up fails loudly and the
/// supervisor (AppHost) restarts the process.
/// </summary>
internal sealed partial class DatabaseStartup(
    SchemaMigrator migrator, IOptions<OrderingDatabaseOptions> options, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await migrator.MigrateAsync(cancellationToken);
                LogReady(logger, applied);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTimeOffset.UtcNow + delay < deadline)
            {
                LogRetry(logger, attempt, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ordering database ready: {Applied} migration(s) applied")]
    private static partial void LogReady(ILogger logger, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ordering database not reachable yet (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string reason);
}
