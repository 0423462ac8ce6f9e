using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// Runs the database initializer before the server accepts requests (hosted services start before
/// Kestrel). Postgres may still be starting when a replica does, so transient failures are retried
/// with backoff until <see cref="CatalogDatabaseOptions.StartupTimeout"/>; then start-up fails loudly.
/// </summary>
internal sealed partial class DatabaseStartup(
    CatalogDatabaseInitializer initializer, IOptions<CatalogDatabaseOptions> options, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await initializer.InitializeAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog database not reachable yet (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string reason);
}
