namespace Reference.Chaos.FaultProxy.Faults;

/// <summary>
/// The safety net: ten times a second, removes faults past their TTL, and every fault when a lease ran
/// out. Runs in the proxy itself, so it holds even when no controller is left to clean up.
/// </summary>
public sealed class FaultExpiry(FaultRegistry registry, LeaseBook leases, TimeProvider time, ILogger<FaultExpiry> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            registry.RemoveExpired();
            foreach (var lease in leases.TakeExpired())
            {
                logger.LogWarning("Lease of {Holder} expired at {ExpiresAt:O} without renewal: the controller is gone, removing every fault", lease.Holder, lease.ExpiresAt);
                registry.Clear($"lease of {lease.Holder} expired");
            }
        }
    }
}
