using System.Diagnostics;
using StackExchange.Redis;

namespace Reference.Basket.Infrastructure;

/// <summary>
/// Exercises the Catalog client and Redis once before the server listens. A cold process spends a few
/// hundred milliseconds on its first outbound call (JIT, connection, discovery) — more than the 200 ms
/// Catalog budget — so without this the first baskets after every start would be priced as unverified.
/// Best effort and bounded: a missing Catalog or Redis does not delay the start by more than a few seconds.
/// </summary>
internal sealed class Warmup(IServiceScopeFactory scopes, IConnectionMultiplexer redis, RedisBasketStore store, ILogger<Warmup> logger) : IHostedService
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        using (var scope = scopes.CreateScope())
        {
            // A real lookup (found or 404, either will do) runs the same code a basket write runs.
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogClient>();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    var lookup = await catalog.GetItemAsync(1, budget.Token);
                    if (lookup.Outcome != CatalogLookupOutcome.Unreachable) break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Warm-up gave up on Catalog after {Budget}; starting anyway", Budget);
            }
        }
        if (redis.IsConnected)
        {
            try { await store.GetAsync("warm-up"); }
            catch (BasketStoreUnavailableException) { /* readiness will say so */ }
        }
        logger.LogInformation("Warm-up finished in {Elapsed} ms", clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
