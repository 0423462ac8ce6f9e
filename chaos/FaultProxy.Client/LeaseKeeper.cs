namespace Reference.Chaos.FaultProxy.Client;

/// <summary>Renews a lease in the background; a failed renewal is retried at the next tick (the lease's TTL is the bound on how long the proxy waits).</summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public LeaseKeeper(FaultProxyClient client, string holder, TimeSpan ttl)
    {
        _renewing = RenewAsync(client, holder, ttl, _stop.Token);
    }

    private static async Task RenewAsync(FaultProxyClient client, string holder, TimeSpan ttl, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ttl / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try { await client.RenewLeaseAsync(holder, ttl, stop); }
                catch (Exception ex) when (ex is HttpRequestException or FaultProxyException or TaskCanceledException && !stop.IsCancellationRequested) { }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }
}
