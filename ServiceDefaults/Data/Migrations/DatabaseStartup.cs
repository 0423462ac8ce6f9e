using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Reference.ServiceDefaults;

public static class DatabaseStartupExtensions
{
    /// <summary>
    /// Runs <paramref name="initialize"/> (migrations, seed data) before the server accepts requests:
    /// hosted services start before Kestrel. Postgres may still be starting when a replica does, so
    /// transient failures are retried with backoff until <paramref name="startupTimeout"/>; after that
    /// start-up fails loudly and the supervisor (AppHost) restarts the process.
    /// </summary>
    /// <param name="database">Names the database in log messages, e.g. "Catalog".</param>
    /// <param name="startupTimeout">Read when start-up begins, so it can come from validated options.</param>
    public static IServiceCollection AddDatabaseStartup(
        this IServiceCollection services,
        string database,
        Func<IServiceProvider, TimeSpan> startupTimeout,
        Func<IServiceProvider, CancellationToken, Task> initialize) =>
        services.AddSingleton<IHostedService>(provider => new DatabaseStartup(
            database, () => startupTimeout(provider), cancellationToken => initialize(provider, cancellationToken),
            provider.GetRequiredService<ILogger<DatabaseStartup>>()));
}

internal sealed partial class DatabaseStartup(
    string database, Func<TimeSpan> startupTimeout, Func<CancellationToken, Task> initialize, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + startupTimeout();
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await initialize(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTimeOffset.UtcNow + delay < deadline)
            {
                LogRetry(logger, database, attempt, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Database} database not reachable yet (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, string database, int attempt, double delayMs, string reason);
}
